from django.urls import path

from motcua.indicators import views

app_name = "indicators"
urlpatterns = [
    path("chi-so/", views.city, name="city"),
    path("chi-so/co-quan/<str:code>/", views.agency, name="agency"),
    path("chi-so/co-quan/<str:code>/thu-tuc/<str:procedure_code>/", views.procedure, name="procedure"),
    path("chi-so/xuat-excel/", views.export, name="export"),
    path("thong-ke/", views.public, name="public"),
]
