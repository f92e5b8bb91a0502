from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
    path("vnpay/ipn", views.vnpay_ipn, name="vnpay_ipn"),
    path("vnpay/ve/", views.vnpay_return, name="vnpay_return"),
    path("paygov/confirm", views.paygov_confirm, name="paygov_confirm"),
    path("paygov/ve/", views.paygov_return, name="paygov_return"),
    path("sandbox/vnpay/", views.sandbox, name="sandbox"),
    path("sandbox/vnpay/api", views.sandbox_api, name="sandbox_api"),
    path("sandbox/paygov/", views.paygov_sandbox_api, name="paygov_sandbox_api"),
    path("sandbox/paygov/thanh-toan/<str:reference>/", views.paygov_sandbox_page, name="paygov_sandbox_page"),
]
