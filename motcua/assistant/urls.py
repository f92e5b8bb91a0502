from django.urls import path

from motcua.assistant import views

app_name = "assistant"
urlpatterns = [path("tro-ly-ao/", views.chat, name="chat")]
