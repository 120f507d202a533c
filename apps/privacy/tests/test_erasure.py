"""Finding 4 of issue 17: after account deletion and retention, the person's e-mail address and name
are nowhere: not in any column of any table (history and task tables included), not in the storage.

One person, small data in every app that holds personal data; then ``account_delete`` and
``retention_apply`` (as far in the future as every retention period), then a scan of every table
the database has (introspection, not a list kept by hand) and of every stored file."""

import datetime as dt
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.accounts.models import Invitation, Role
from apps.membership.models import Application
from apps.privacy import registry, services
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db
EMAIL = "annemieke.scanvrouw@example.org"
NAME = "Annemieke Scanvrouw"
INVITED_AS = "Kwartiermaker wijkpanels Oost"
PASSWORD = "correct-horse-battery"


def hits(needles) -> list[str]:
    """Every (table, column) whose value contains one of ``needles`` (case-insensitive)."""
    found = []
    lowered = [n.lower() for n in needles]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = (value.decode(errors="ignore") if isinstance(value, bytes | memoryview) else str(value)).lower()
                    if any(n in text for n in lowered):
                        found.append(f"{table}.{column}")
    return sorted(set(found))


def stored_hits(needles) -> list[str]:
    """Files in both storages (public media and private files) that contain one of the needles."""
    hits = []
    for root in {Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)}:
        if root.exists():
            hits += [str(p) for p in root.rglob("*") if p.is_file() and any(n.encode().lower() in p.read_bytes().lower() for n in needles)]
    return hits


@pytest.fixture
def person(settings, tmp_path, django_capture_on_commit_callbacks):
    from apps.programmes.models import Programme, Registration
    from apps.support.models import Message, SupportRequest
    from apps.tijdscapsule.models import Capsule, Visit
    from apps.updates.models import OptOut
    from apps.youngchallengers.models import Nomination

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    user = UserFactory(email=EMAIL, full_name=NAME, job_title="Beleidsadviseur")
    place = user.municipality
    coordinator = UserFactory(coordinator=True, municipality=place)
    user.full_name = NAME + " "  # a change, so the account has more than one history row
    user.save()
    user.full_name = NAME
    user.save()
    Invitation.objects.create(
        email=EMAIL, full_name=NAME, job_title=INVITED_AS, role=Role.MEMBER, municipality=place, invited_by=coordinator, expires_at=timezone.now()
    )
    Application.objects.create(
        municipality=municipality("GM0599"), contact_name=NAME, email=EMAIL, contact_role="wethouder", motivation=f"Groet, {NAME}", language="nl"
    )
    programme = Programme.objects.create(published=True, slug="scan", title_nl="Scan", summary_nl="x", capacity=5)
    Registration.objects.create(programme=programme, municipality=place, registered_by=user, contact_email=EMAIL, motivation="graag")
    Visit.objects.create(
        capsule=Capsule.current(),
        municipality=place,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 1),
        title="Wensenavond",
        event_type="residents_evening",
        address="Markt 1",
        expected_audience=10,
        contact_name=NAME,
        contact_email=EMAIL,
        requested_by=user,
    )
    request = SupportRequest.objects.create(municipality=place, requested_by=user, category="activities", subject="Vraag")
    Message.objects.create(request=request, author=user, body=f"Met vriendelijke groet, {NAME}")
    Nomination.objects.create(email=EMAIL, municipality=place, nominated_by=coordinator)
    OptOut.objects.create(email=EMAIL)
    AccessAttempt.objects.create(username=EMAIL, ip_address="10.0.0.1", user_agent="t", failures_since_start=1)
    now = timezone.now()
    for status in ("READY", "SUCCESSFUL", "FAILED"):  # e-mail in the queue: waiting, delivered, failed
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [{"to": [EMAIL], "body": f"Beste {NAME}, https://example.org/wachtwoord-herstellen/x/y/"}], "kwargs": {}},
            task_path="apps.core.mail.deliver_email",
            backend_name="default",
            run_after=now,
            finished_at=None if status == "READY" else now,
            exception_class_path="",
            traceback="",
        )
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=user)
    export.refresh_from_db()
    assert export.file and stored_hits([EMAIL])  # the export file holds the address until deleted
    return user


def test_nothing_of_a_deleted_person_remains_anywhere(person):
    before = hits([EMAIL, NAME])
    for table in ("accounts_historicaluser", "membership_historicalapplication", "programmes_historicalregistration", "django_tasks_database_dbtaskresult"):
        assert any(hit.startswith(table + ".") for hit in before), table  # the scan sees what it must
    services.account_delete(user=person, password=PASSWORD)
    services.retention_apply(now=timezone.now() + dt.timedelta(days=400))
    assert hits([EMAIL, NAME]) == []
    assert hits([INVITED_AS]) == []  # the role typed into the invitation (issue 24) goes with it
    assert stored_hits([EMAIL, NAME]) == []


def test_export_lists_every_registered_location_that_holds_the_person(person):
    found = registry.find(email=EMAIL, names=[NAME])
    for label in ("membership.HistoricalApplication", "programmes.Registration", "tijdscapsule.Visit", "django_tasks_database.DBTaskResult"):
        assert label in found, label
    data = services.user_data(person)
    assert "membership.Application" in data["records_by_location"]


def test_delivered_tasks_keep_no_arguments(person):
    assert registry.clear_finished_task_arguments() == 1
    assert DBTaskResult.objects.get(status="SUCCESSFUL").args_kwargs == registry.EMPTY_ARGS
    assert DBTaskResult.objects.get(status="FAILED").args_kwargs != registry.EMPTY_ARGS  # the team still sees and retries it
