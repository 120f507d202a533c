"""Finding 5 of issue 17: two-factor login for the back office (django-otp TOTP), required for staff
when BACK_OFFICE_2FA is on (the default under production settings), off in development and tests."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.services import user_apply_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def staff(client, settings):
    settings.BACK_OFFICE_2FA = True
    user = UserFactory(team=True)
    user_apply_role(user=user)
    client.force_login(user)
    return user


def test_staff_link_an_app_then_reach_the_back_office(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows down retries after a wrong code; not what this test is about
    admin = reverse("admin:membership_application_changelist")
    response = client.get(admin)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'id="totp-secret"' in page.content.decode() and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000" if code(device) != "000000" else "111111", "next": admin})
    assert wrong.status_code == 200 and "niet juist" in wrong.content.decode()
    assert client.get(admin).status_code == 302
    done = client.post(reverse("accounts:two_factor"), {"token": code(device), "next": admin})
    assert done.status_code == 302 and done["Location"].startswith(reverse("accounts:backup_codes"))  # then on to the back office
    assert client.get(admin).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_new_session_asks_for_a_code_again_and_the_key_is_not_shown(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    assert client.get(reverse("admin:index")).status_code == 302
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert 'id="totp-secret"' not in page
    assert client.post(reverse("accounts:two_factor"), {"token": code(device), "next": "https://evil.example/"})["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_off_in_tests_and_development_and_on_under_production_settings(client, settings):
    settings.BACK_OFFICE_2FA = False
    user = UserFactory(team=True)
    user_apply_role(user=user)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    member = UserFactory()
    client.force_login(member)
    settings.BACK_OFFICE_2FA = True
    assert client.get(reverse("accounts:home")).status_code == 302  # people outside the back office are not asked
    # config/settings/production.py turns it on by default (its dict of defaults, read without importing
    # it: importing would change this process's environment)
    source = (settings.BASE_DIR / "config" / "settings" / "production.py").read_text()
    assert '"BACK_OFFICE_2FA": "true",' in source


def test_backup_codes_let_a_staff_member_without_phone_in_once_each(client, staff, settings):
    """Finding 5: a lost phone does not lock a staff member out. After linking the app they make back-up
    codes (shown once); each works once at the login step, instead of the app's code."""
    from django_otp.plugins.otp_static.models import StaticToken

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    admin = reverse("admin:index")
    codes_url = reverse("accounts:backup_codes")
    assert client.get(codes_url)["Location"].startswith(reverse("accounts:two_factor"))  # only after the second step
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=staff)
    linked = client.post(reverse("accounts:two_factor"), {"token": code(device), "next": admin})
    assert linked.status_code == 302 and linked["Location"].startswith(codes_url)  # straight on to the back-up codes
    page = client.post(codes_url, {"next": admin})
    assert page["Cache-Control"] == "no-store"
    codes = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert len(codes) == 10 and all(c in page.content.decode() for c in codes)

    client.logout()
    client.force_login(staff)  # a new session, without the phone
    assert client.get(admin).status_code == 302
    login_step = client.get(reverse("accounts:two_factor")).content.decode()
    assert "back-upcode" in login_step  # the login step offers the back-up code (Dutch page)
    shown = f"{codes[0][:4]} {codes[0][4:].upper()}"  # as typed from paper: a space, capitals
    assert client.post(reverse("accounts:two_factor"), {"token": shown, "next": admin})["Location"] == admin
    assert client.get(admin).status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9

    client.logout()
    client.force_login(staff)
    again = client.post(reverse("accounts:two_factor"), {"token": codes[0], "next": admin})
    assert again.status_code == 200  # used once: refused
    assert client.get(admin).status_code == 302


def test_backup_codes_are_not_accepted_while_linking_and_not_for_people_outside_the_back_office(client, staff):
    from apps.accounts import services

    services.backup_codes_create(user=staff)
    code_ = services.backup_codes_create(user=staff)[0]  # new codes replace the old ones
    assert services.backup_codes_left(user=staff) == 10
    client.get(reverse("accounts:two_factor"))  # the app is not linked yet: only its code links it
    assert client.post(reverse("accounts:two_factor"), {"token": code_}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    member = UserFactory()
    client.force_login(member)
    assert client.get(reverse("accounts:backup_codes")).status_code == 403
