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
    assert done.status_code == 302 and done["Location"] == admin
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
