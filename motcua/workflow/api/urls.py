from django.urls import path

from motcua.workflow.api import views

urlpatterns = [
    path("inbox", views.Inbox.as_view(), name="inbox"),
    path("dossiers/<str:code>/actions/<str:action>", views.DossierAction.as_view(), name="dossier-action"),
]
