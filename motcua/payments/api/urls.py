from django.urls import path

from motcua.payments.api import views

urlpatterns = [
    path("dossiers/<str:code>/payments", views.DossierPayments.as_view(), name="dossier-payments"),
    path("dossiers/<str:code>/payments/checkout", views.DossierCheckout.as_view(), name="dossier-checkout"),
    path("payments/reconciliation", views.Reconciliation.as_view(), name="payments-reconciliation"),
]
