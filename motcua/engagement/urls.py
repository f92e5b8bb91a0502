from django.urls import path

from motcua.engagement import views

app_name = "engagement"
urlpatterns = [
    path("danh-gia/may/<str:token>/", views.kiosk, name="kiosk"),
    path("ho-so/<str:code>/danh-gia/", views.rate, name="rate"),
    path("mot-cua/truc-quay/", views.duty, name="duty"),
    path("mot-cua/danh-gia/", views.report, name="report"),
]
