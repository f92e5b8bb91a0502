"""Sign-in with OpenID Connect against a real provider running beside the tests."""

from urllib.parse import urlparse

import pytest
import requests
from playwright.sync_api import expect

from motcua.accounts.models import ExternalIdentity, User
from motcua.accounts.tests.factories import UserFactory
from motcua.accounts.tests.oidc_provider import TestProvider

PEOPLE = {
    "hong": {
        "name": "Lê Thị Hồng",
        "national_id": "048195000123",
        "email": "hong@example.vn",
        "phone_number": "0905111222",
    },
    "an": {"name": "Nguyễn Văn An", "national_id": "048090001234", "email": "an@example.vn"},
}


@pytest.fixture
def provider(settings, tmp_path, monkeypatch):
    with TestProvider(
        client_id="motcua",
        client_secret="bi-mat-thu-nghiem",
        redirect_uri="http://testserver/tai-khoan/dinh-danh/ve/",
        people=PEOPLE,
        folder=tmp_path,
    ) as op:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", op.certificate)  # trust the test provider's certificate
        settings.MOTCUA_OIDC = {
            **settings.MOTCUA_OIDC,
            "issuer": op.issuer,
            "client_id": "motcua",
            "client_secret": "bi-mat-thu-nghiem",
        }
        yield op


def sign_in_through(client, provider):
    start = client.get("/tai-khoan/dinh-danh/bat-dau/?next=/ho-so/")
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.issuer}/authorize?")
    assert "code_challenge=" in start["Location"] and "nonce=" in start["Location"]
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlparse(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


@pytest.mark.django_db
def test_a_first_sign_in_creates_a_citizen_from_the_verified_claims(client, provider):
    provider.person = "hong"
    response = sign_in_through(client, provider)
    assert response.status_code == 302 and response["Location"] == "/ho-so/"
    user = User.objects.get(national_id="048195000123")
    assert (user.full_name, user.email, user.kind) == ("Lê Thị Hồng", "hong@example.vn", "citizen")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert ExternalIdentity.objects.get(user=user).provider == "vneid"


@pytest.mark.django_db
def test_an_existing_account_with_the_same_id_is_linked_not_duplicated(client, provider):
    existing = UserFactory(national_id="048090001234")
    provider.person = "an"
    sign_in_through(client, provider)
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert User.objects.filter(national_id="048090001234").count() == 1
    client.logout()
    sign_in_through(client, provider)  # the second time through the link
    assert ExternalIdentity.objects.filter(user=existing).count() == 1


@pytest.mark.django_db
def test_a_forged_callback_is_refused(client, provider):
    client.get("/tai-khoan/dinh-danh/bat-dau/")
    response = client.get("/tai-khoan/dinh-danh/ve/?code=gia-mao&state=khong-dung", follow=True)
    assert "Không đăng nhập được bằng định danh điện tử" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_signs_in_with_the_e_identity_button(browser, live_server, settings, tmp_path, monkeypatch):
    redirect_uri = f"{live_server.url}/tai-khoan/dinh-danh/ve/"
    with TestProvider(
        client_id="motcua", client_secret="s", redirect_uri=redirect_uri, people=PEOPLE, folder=tmp_path
    ) as op:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", op.certificate)
        settings.MOTCUA_OIDC = {
            **settings.MOTCUA_OIDC,
            "issuer": op.issuer,
            "client_id": "motcua",
            "client_secret": "s",
        }
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", ignore_https_errors=True)
        page = context.new_page()
        page.goto("/tai-khoan/dang-nhap/")
        page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
        expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
        expect(page.get_by_role("link", name="Lê Thị Hồng")).to_be_visible()
        context.close()
