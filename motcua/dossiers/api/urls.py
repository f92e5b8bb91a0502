from django.urls import path

from motcua.dossiers.api import views

urlpatterns = [
    path("auth/token", views.TokenView.as_view(), name="auth-token"),
    path("dossiers", views.DossierList.as_view(), name="dossier-list"),
    path("dossiers/<str:code>", views.DossierDetail.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/supplement", views.DossierSupplement.as_view(), name="dossier-supplement"),
    path("dossiers/<str:code>/withdraw", views.DossierWithdraw.as_view(), name="dossier-withdraw"),
    path(
        "dossiers/<str:code>/cancel-withdrawal",
        views.DossierCancelWithdrawal.as_view(),
        name="dossier-cancel-withdrawal",
    ),
    path("dossier-status", views.DossierStatus.as_view(), name="dossier-status"),
]
