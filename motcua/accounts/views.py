"""Account pages: thin; accounts.services decides."""

from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from requests import RequestException

from motcua.accounts import oidc, services
from motcua.accounts.forms import (
    OpenAccountForm,
    PlainSetPasswordForm,
    ProfileForm,
    RegisterForm,
    ResetCodeForm,
    ResetRequestForm,
    SignInForm,
)
from motcua.core.forms import apply_errors
from motcua.units.selectors import current_units


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "oidc_enabled": oidc.enabled(),
            "oidc_label": settings.MOTCUA_OIDC["label"],
        }


def oidc_start(request):
    if not oidc.enabled():
        raise Http404("Chưa cấu hình đăng nhập bằng định danh điện tử.")
    request.session["oidc_next"] = _next(request, reverse(settings.LOGIN_REDIRECT_URL))
    return oidc.client().authorize_redirect(request, request.build_absolute_uri(reverse("accounts:oidc_callback")))


def oidc_callback(request):
    if not oidc.enabled():
        raise Http404("Chưa cấu hình đăng nhập bằng định danh điện tử.")
    try:
        user = oidc.account_for(oidc.verified_claims(request))
    except (OAuthError, ValidationError, KeyError, RequestException) as error:
        messages.error(
            request,
            f"Không đăng nhập được bằng định danh điện tử: {getattr(error, 'description', None) or error}. Vui lòng thử lại.",
        )
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(request.session.pop("oidc_next", None) or settings.LOGIN_REDIRECT_URL)


def _next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register(
                kind=data["kind"],
                full_name=data["full_name"],
                identifier=data["identifier"],
                phone=data["phone"],
                email=data["email"],
                password=data["password"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Đăng ký thành công. Chào mừng bạn đến với Cổng Dịch vụ công.")
            return redirect(_next(request, reverse("accounts:profile")))
    return render(request, "accounts/register.html", {"form": form, "next": _next(request, "")})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        code = form.cleaned_data.get("address_unit")
        values["address_unit"] = current_units().filter(code=code).first() if code else None
        try:
            services.update_profile(request.user, **values)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Đã lưu thông tin cá nhân.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def reset_request(request):
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_reset_code(form.cleaned_data["identifier"], form.cleaned_data["channel"])
        messages.info(
            request, "Nếu thông tin khớp với một tài khoản, mã xác nhận đã được gửi. Mã có hiệu lực trong ít phút."
        )
        return redirect(f"{reverse('accounts:reset_code')}?identifier={form.cleaned_data['identifier']}")
    return render(request, "accounts/reset_request.html", {"form": form})


def reset_code(request):
    form = ResetCodeForm(request.POST or None, initial={"identifier": request.GET.get("identifier", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reset_with_code(data["identifier"], data["code"], data["password"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Đã đặt mật khẩu mới. Vui lòng đăng nhập.")
            return redirect("accounts:login")
    return render(request, "accounts/reset_code.html", {"form": form})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link from an account opened at the counter (or a reset e-mail)."""

    template_name = "accounts/set_password.html"
    form_class = PlainSetPasswordForm
    success_url = reverse_lazy("accounts:set_password_done")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


@login_required
def open_account(request):
    if not services.can_open_accounts(request.user):
        raise PermissionDenied("Chỉ cán bộ một cửa được mở tài khoản cho người dân.")
    form = OpenAccountForm(request.POST or None)
    opened = None
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.open_for_resident(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = OpenAccountForm()
    return render(request, "accounts/open_account.html", {"form": form, "opened": opened})
