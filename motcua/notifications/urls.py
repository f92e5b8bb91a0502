from django.urls import path

from motcua.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.notices, name="notices")]
