from django.urls import path

from motcua.units.api import views

urlpatterns = [
    path("units", views.UnitList.as_view(), name="unit-list"),
    path("units/<str:code>", views.UnitDetail.as_view(), name="unit-detail"),
    path("agencies", views.AgencyList.as_view(), name="agency-list"),
    path("agencies/<str:code>", views.AgencyDetail.as_view(), name="agency-detail"),
]
