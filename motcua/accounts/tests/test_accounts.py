import re

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts import services
from motcua.accounts.models import Membership, Role, User
from motcua.accounts.tests.factories import PASSWORD, UserFactory
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def register(**overrides):
    data = {
        "kind": "citizen",
        "full_name": "Lê Thị Hồng",
        "identifier": "048195000123",
        "phone": "0905111222",
        "email": "hong@example.vn",
        "password": "Song-Han-2026",
    }
    return services.register(**{**data, **overrides})


def test_a_citizen_registers_with_the_personal_id_and_the_password_is_argon2():
    user = register()
    assert (user.username, user.national_id, user.kind) == ("048195000123", "048195000123", "citizen")
    assert user.password.startswith("argon2")


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"identifier": "12345"}, "identifier", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ({"identifier": "999195000123"}, "identifier", "Ba chữ số đầu của số định danh không phải mã tỉnh hợp lệ."),
        ({"kind": "business", "identifier": "04012"}, "identifier", "Mã số thuế phải gồm 10 chữ số"),
        ({"password": "12345678"}, "password", "Mật khẩu này hoàn toàn là số."),
        ({"phone": "", "email": ""}, "phone", "Vui lòng nhập số điện thoại hoặc thư điện tử"),
    ],
)
def test_bad_registrations_say_what_is_wrong_and_create_nothing(overrides, field, message):
    with pytest.raises(ValidationError) as error:
        register(**overrides)
    assert any(message in m for m in error.value.message_dict[field])
    assert not User.objects.exists()


def test_the_same_id_cannot_register_twice():
    register()
    with pytest.raises(ValidationError) as error:
        register(email="khac@example.vn")
    assert "đã có tài khoản" in error.value.message_dict["identifier"][0]


def test_sign_in_locks_after_five_failures_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(4):
        response = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert "Số định danh (mã số thuế) hoặc mật khẩu không đúng" in response.content.decode()
    assert client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": "sai"}).status_code == 429
    response = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_personal_id(client):
    user = UserFactory()
    response = client.post("/tai-khoan/dang-nhap/", {"username": user.national_id, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/ho-so/"


def test_reset_by_emailed_code_sets_a_new_password_and_lifts_a_lock(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    for _ in range(5):
        client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": "sai"})
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reset_code(user.email, "email")
    code = re.search(r"\b(\d{6})\b", mailoutbox[0].body).group(1)
    with pytest.raises(ValidationError):
        services.reset_with_code(user.email, "000000" if code != "000000" else "111111", "Mat-khau-moi-2026")
    services.reset_with_code(user.email, code, "Mat-khau-moi-2026")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")
    with pytest.raises(ValidationError):  # a code works once
        services.reset_with_code(user.email, code, "Mat-khau-khac-2026")
    response = client.post("/tai-khoan/dang-nhap/", {"username": user.username, "password": "Mat-khau-moi-2026"})
    assert response.status_code == 302


def test_a_wrong_code_five_times_spends_the_code():
    user = UserFactory()
    services.send_reset_code(user.username, "email")
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.reset_with_code(user.username, "abcdef", "Mat-khau-moi-2026")
    assert user.reset_codes.get().attempts == 5


def test_an_unknown_account_gets_no_code_and_no_hint(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reset_code("048000000000", "email")
    assert mailoutbox == []


def test_an_officer_opens_an_account_and_the_link_sets_the_password_once(client):
    officer = UserFactory(kind="officer")
    Membership.objects.create(user=officer, agency=AgencyFactory(), role=Role.RECEPTION)
    resident, link = services.open_for_resident(
        officer, full_name="Phan Văn Tư", national_id="048060000777", phone="0905000777"
    )
    assert not resident.has_usable_password() and resident.created_by == officer
    path = link.split("127.0.0.1:8000")[-1]
    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Hoa-Vang-2026", "new_password2": "Hoa-Vang-2026"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Hoa-Vang-2026")
    again = client.get(path, follow=True)
    assert "không còn hiệu lực" in again.content.decode()


def test_a_citizen_cannot_open_accounts_for_others():
    with pytest.raises(ValidationError):
        services.open_for_resident(UserFactory(), full_name="Ai đó", national_id="048060000778", phone="0905")


def test_the_profile_page_saves_the_address_commune(client):
    user = UserFactory()
    agency = AgencyFactory()
    client.force_login(user)
    response = client.post(
        "/tai-khoan/",
        {
            "full_name": "Nguyễn Văn Mới",
            "date_of_birth": "1990-01-02",
            "gender": "Nam",
            "phone": "0905999888",
            "email": "moi@example.vn",
            "address": "5 Lê Lợi",
            "address_unit": agency.unit.code,
            "notify_by_email": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.address_unit, user.notify_by_sms) == ("Nguyễn Văn Mới", agency.unit, False)


def test_a_profile_under_an_old_commune_shows_the_commune_that_absorbed_it(client):
    from datetime import date

    from motcua.units.tests.factories import UnitFactory

    today = AgencyFactory().unit
    old = UnitFactory(name="Hòa Nhơn", valid_to=date(2025, 6, 30), merged_into=today)
    client.force_login(UserFactory(address_unit=old))
    page = client.get("/tai-khoan/").content.decode()
    assert f'<option value="{today.code}" selected>' in page


def test_the_reset_page_offers_sms_only_when_a_gateway_is_configured(client, settings):
    settings.MOTCUA_SMS_GATEWAY_URL = ""
    assert "Tin nhắn SMS" not in client.get("/tai-khoan/quen-mat-khau/").content.decode()
    settings.MOTCUA_SMS_GATEWAY_URL = "https://sms.example.vn/send"
    assert "Tin nhắn SMS" in client.get("/tai-khoan/quen-mat-khau/").content.decode()


def test_a_reception_officer_sits_at_a_counter_of_their_own_agency():
    from django.core.exceptions import ValidationError as DjangoValidationError

    from motcua.units.models import Counter

    agency, other = AgencyFactory(), AgencyFactory()
    counter = Counter.objects.create(agency=agency, number=3, name="Quầy 3 – Hộ tịch")
    officer = UserFactory(kind="officer")
    Membership(user=officer, agency=agency, role=Role.RECEPTION, counter=counter).full_clean()
    with pytest.raises(DjangoValidationError) as error:
        Membership(user=officer, agency=other, role=Role.RECEPTION, counter=counter).full_clean()
    assert error.value.message_dict["counter"] == ["Quầy này không thuộc cơ quan đã chọn."]
