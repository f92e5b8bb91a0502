from django.urls import path

from motcua.eforms.api import views

urlpatterns = [path("procedures/<str:code>/form", views.ProcedureForm.as_view(), name="procedure-form")]
