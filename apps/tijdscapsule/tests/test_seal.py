"""The seal holds against the back office: the opening date never moves before a sealed wish's
promise (model, service, admin and the database itself), the key is required in production, a
key that cannot open the wishes is reported loudly, and at the opening the team reads first."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.core.exceptions import ServiceError
from apps.tijdscapsule import checks, crypto, services
from apps.tijdscapsule.models import Capsule, Wish
from tests.factories import UserFactory

from .test_wishes import OPENED, SECRET, VISIT_DAY, clock, visit  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
PROMISED = dt.date(2030, 1, 1)


def admin_post_opening_date(client, capsule, day):
    data = {
        "name": capsule.name,
        "transport_days": capsule.transport_days,
        "opening_date": day.isoformat(),
        "wishes_per_hour": capsule.wishes_per_hour,
        "accepting_requests": "on",
    }
    return client.post(reverse("admin:tijdscapsule_capsule_change", args=[capsule.pk]), data)


def test_one_admin_post_cannot_open_the_capsule_early(client, visit, clock):  # noqa: F811
    wish = services.wish_submit(visit=visit, text=SECRET)
    capsule = Capsule.current()
    assert capsule.sealed_until == capsule.opening_date == PROMISED
    client.force_login(UserFactory(team=True, is_superuser=True))
    response = admin_post_opening_date(client, capsule, VISIT_DAY)
    assert response.status_code == 200 and "kan niet worden vervroegd" in response.content.decode()
    capsule.refresh_from_db()
    assert capsule.opening_date == PROMISED and not services.is_open(capsule)
    with pytest.raises(services.Sealed):
        services.wish_reveal(wish=wish)
    # later is fine, and back to any day not before the promise
    assert admin_post_opening_date(client, capsule, dt.date(2031, 1, 1)).status_code == 302
    services.capsule_set_opening_date(capsule=Capsule.current(), opening_date=dt.date(2030, 6, 1))
    with pytest.raises(ServiceError):
        services.capsule_set_opening_date(capsule=Capsule.current(), opening_date=dt.date(2029, 12, 31))
    assert Capsule.current().opening_date == dt.date(2030, 6, 1)


def test_before_any_wish_the_date_may_move_freely(visit):  # noqa: F811
    capsule = services.capsule_set_opening_date(capsule=Capsule.current(), opening_date=dt.date(2029, 6, 1))
    assert capsule.opening_date == dt.date(2029, 6, 1) and capsule.sealed_until is None


def test_a_stale_form_cannot_lower_the_seal(visit):  # noqa: F811
    stale = Capsule.current()  # loaded before the first wish
    services.wish_submit(visit=visit, text=SECRET)
    stale.opening_date = VISIT_DAY
    with pytest.raises(ValidationError):
        stale.save()
    assert Capsule.current().opening_date == PROMISED


def test_the_database_itself_refuses(visit):  # noqa: F811
    capsule = Capsule.current()
    Wish.objects.bulk_create([Wish(visit=visit, sealed_text="x")])  # bypasses save(): the trigger seals
    assert Capsule.objects.get(pk=capsule.pk).sealed_until == PROMISED
    with pytest.raises(IntegrityError), transaction.atomic():
        Capsule.objects.filter(pk=capsule.pk).update(opening_date=VISIT_DAY)  # check constraint
    with pytest.raises(IntegrityError), transaction.atomic():
        Capsule.objects.filter(pk=capsule.pk).update(sealed_until=None, opening_date=VISIT_DAY)  # trigger: the seal only grows
    with pytest.raises(IntegrityError), transaction.atomic():
        Capsule.objects.filter(pk=capsule.pk).update(sealed_until=VISIT_DAY, opening_date=VISIT_DAY)
    assert Capsule.objects.get(pk=capsule.pk).opening_date == PROMISED


def test_at_the_opening_the_team_reads_first_then_publishes(client, visit, clock):  # noqa: F811
    wish = services.wish_submit(visit=visit, text=SECRET)
    with pytest.raises(services.Sealed):
        services.wish_publish(wish=wish, actor=None)
    clock["today"] = OPENED
    url = reverse("tijdscapsule:wishes", kwargs={"slug": visit.municipality.slug})
    assert "Dommel" not in client.get(url).content.decode()
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    assert "Dommel" in client.get(reverse("admin:tijdscapsule_wish_change", args=[wish.pk])).content.decode()
    client.post(reverse("admin:tijdscapsule_wish_changelist"), {"action": "publish", "_selected_action": [wish.pk]})
    wish.refresh_from_db()
    assert wish.published_at is not None
    client.logout()
    assert "Dommel" in client.get(url).content.decode()


def test_production_settings_require_the_key():
    """config.settings.production turns the requirement on (read statically: importing it would change os.environ)."""
    source = (Path(django_settings.BASE_DIR) / "config" / "settings" / "production.py").read_text()
    assigned = {
        node.targets[0].id: node.value.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
    }
    assert assigned["TIJDSCAPSULE_KEY_REQUIRED"] is True


def test_key_checks(settings):
    settings.TIJDSCAPSULE_KEY_REQUIRED = True
    settings.TIJDSCAPSULE_KEY = ""
    assert [e.id for e in checks.capsule_key_is_required(None)] == ["tijdscapsule.E001"]
    settings.TIJDSCAPSULE_KEY = "not-a-key"
    assert [e.id for e in checks.capsule_key_is_required(None)] == ["tijdscapsule.E002"]
    settings.TIJDSCAPSULE_KEY = Fernet.generate_key().decode()
    assert checks.capsule_key_is_required(None) == []
    settings.TIJDSCAPSULE_KEY = ""
    crypto._fernet.cache_clear()
    with pytest.raises(ImproperlyConfigured):  # no silent per-host key file
        crypto.seal_text("wens")


def test_a_key_that_cannot_open_the_wishes_fails_loudly_and_rotation_repairs_it(visit, settings):  # noqa: F811
    old = Fernet.generate_key().decode()
    settings.TIJDSCAPSULE_KEY = old
    wish = services.wish_submit(visit=visit, text=SECRET, name="Gerrit")
    new = Fernet.generate_key().decode()
    settings.TIJDSCAPSULE_KEY = new  # the old key was dropped too early
    errors = checks.capsule_can_be_opened(None, databases=["default"])
    assert [e.id for e in errors] == ["tijdscapsule.E003"] and str(wish.pk) in errors[0].msg
    with pytest.raises(CommandError):
        call_command("tijdscapsule_keys", "verify")
    settings.TIJDSCAPSULE_KEY = f"{new},{old}"
    assert checks.capsule_can_be_opened(None, databases=["default"]) == []
    call_command("tijdscapsule_keys", "rotate")
    settings.TIJDSCAPSULE_KEY = new
    call_command("tijdscapsule_keys", "verify")
    assert checks.capsule_can_be_opened(None, databases=["default"]) == []
