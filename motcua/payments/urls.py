from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("vnpay/ipn", views.vnpay_ipn, name="vnpay_ipn"),
    path("vnpay/ve/", views.vnpay_return, name="vnpay_return"),
    path("sandbox/vnpay/", views.sandbox, name="sandbox"),
]
