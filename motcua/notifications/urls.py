from django.urls import path

from motcua.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notices, name="notices"),
    path("bao-nhan", views.delivery_report, name="delivery_report"),
]
