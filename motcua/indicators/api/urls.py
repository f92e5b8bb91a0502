from django.urls import path

from motcua.indicators.api import views

urlpatterns = [
    path("indicators", views.Indicators.as_view(), name="indicators"),
    path("indicators/agencies", views.AgencyRanking.as_view(), name="indicators-agencies"),
    path("statistics", views.Statistics.as_view(), name="statistics"),
]
