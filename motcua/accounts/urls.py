from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from motcua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("", views.profile, name="profile"),
    path("quen-mat-khau/", views.reset_request, name="reset_request"),
    path("quen-mat-khau/nhap-ma/", views.reset_code, name="reset_code"),
    path("dat-mat-khau/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path(
        "dat-mat-khau/xong/",
        TemplateView.as_view(template_name="accounts/set_password_done.html"),
        name="set_password_done",
    ),
    path("mo-tai-khoan/", views.open_account, name="open_account"),
    path("dinh-danh/bat-dau/", views.oidc_start, name="oidc_start"),
    path("dinh-danh/ve/", views.oidc_callback, name="oidc_callback"),
]
