from django.urls import path

from motcua.units import views

app_name = "units"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("ban-do/", views.service_map, name="map"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("<str:code>/", views.agency_detail, name="agency_detail"),
]
