import datetime as dt
import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.accounts.models import Invitation, Role, User
from apps.accounts.services import invitation_create
from apps.core.exceptions import ServiceError
from apps.membership.models import Application
from apps.privacy import services
from apps.privacy.models import DataExport, ProcessingActivity
from tests.factories import AccessGrantFactory, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def aged(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def test_retention_deletes_exactly_what_is_due():
    now = timezone.now()
    old, recent = now - dt.timedelta(days=31), now - dt.timedelta(days=29)
    unconfirmed_old = ApplicationFactory(status=Application.Status.UNCONFIRMED)
    unconfirmed_new = ApplicationFactory(status=Application.Status.UNCONFIRMED)
    pending_old = ApplicationFactory(status=Application.Status.PENDING)
    ApplicationFactory(status=Application.Status.DECLINED, decided_at=now - dt.timedelta(days=366))  # due
    declined_new = ApplicationFactory(status=Application.Status.DECLINED, decided_at=now - dt.timedelta(days=364))
    for application in (unconfirmed_old, pending_old):
        aged(Application, application.pk, created_at=old)
    aged(Application, unconfirmed_new.pk, created_at=recent)
    coordinator = UserFactory(coordinator=True)
    expired, _token = invitation_create(email="a@example.org", role=Role.MEMBER, municipality=coordinator.municipality, invited_by=coordinator)
    open_invitation, _token = invitation_create(email="b@example.org", role=Role.MEMBER, municipality=coordinator.municipality, invited_by=coordinator)
    aged(Invitation, expired.pk, expires_at=now - dt.timedelta(days=91))
    for username, when in (("x@example.org", old), ("y@example.org", recent)):
        attempt = AccessAttempt.objects.create(username=username, ip_address="10.0.0.1", user_agent="t", failures_since_start=1)
        aged(AccessAttempt, attempt.pk, attempt_time=when)
    aged(AccessLog, AccessLog.objects.create(username="x@example.org", ip_address="10.0.0.1", user_agent="t").pk, attempt_time=old)

    removed = services.retention_apply(now=now)

    assert removed["unconfirmed_applications"] == 1
    assert removed["declined_applications"] == 1
    assert removed["ended_invitations"] == 1
    assert removed["login_attempts"] == 2
    remaining = set(Application.objects.values_list("pk", flat=True))
    assert remaining == {unconfirmed_new.pk, pending_old.pk, declined_new.pk}
    assert list(Invitation.objects.values_list("pk", flat=True)) == [open_invitation.pk]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["y@example.org"]
    assert services.retention_apply(now=now) == dict.fromkeys(removed, 0)


def test_retention_removes_finished_task_records_and_expired_exports(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=user)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    path = tmp_path / export.file.name
    assert path.exists()
    DBTaskResult.objects.all().delete()
    later = timezone.now() + dt.timedelta(days=8)
    removed = services.retention_apply(now=later)
    assert removed["data_exports"] == 1
    assert not path.exists()


def test_export_holds_everything_of_the_user_and_nothing_of_others(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(coordinator=True, full_name="Sanne Bakker", email="sanne@amersfoort.example")
    other = UserFactory(full_name="Piet Anders", email="piet@elders.example")
    invitation_create(email="nieuw@amersfoort.example", role=Role.MEMBER, municipality=user.municipality, invited_by=user)
    invitation_create(email="ander@elders.example", role=Role.MEMBER, municipality=other.municipality, invited_by=other)
    ApplicationFactory(email="sanne@amersfoort.example", motivation="Onze raad wil meedoen.")
    ApplicationFactory(email="piet@elders.example", motivation="Geheime motivatie van Piet.")
    AccessLog.objects.create(username="sanne@amersfoort.example", ip_address="10.1.1.1", user_agent="Firefox", attempt_time=timezone.now())
    AccessLog.objects.create(username="piet@elders.example", ip_address="10.9.9.9", user_agent="Chrome", attempt_time=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=user)
    export.refresh_from_db()
    data = json.loads(export.file.read())

    assert data["account"]["email"] == "sanne@amersfoort.example"
    assert data["account"]["full_name"] == "Sanne Bakker"
    assert [i["email"] for i in data["invitations_sent"]] == ["nieuw@amersfoort.example"]
    assert [a["motivation"] for a in data["join_requests"]] == ["Onze raad wil meedoen."]
    assert [r["ip_address"] for r in data["login_records"]] == ["10.1.1.1"]
    assert data["account_history"]
    text = json.dumps(data)
    for foreign in ("Piet", "piet@elders.example", "ander@elders.example", "10.9.9.9", "Geheime"):
        assert foreign not in text
    assert [m.to for m in mail.outbox] == [["sanne@amersfoort.example"]]
    assert reverse("privacy:my_data") in mail.outbox[0].body


def test_export_request_twice_gives_one_export(settings, tmp_path, django_capture_on_commit_callbacks):
    """A double click while the first export is still being prepared makes no second one."""
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.export_request(user=user)
        second = services.export_request(user=user)
    assert first.pk == second.pk
    assert DataExport.objects.count() == 1
    assert len(callbacks) == 1


def test_export_download_is_for_its_owner_only(client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    user, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=user)
    url = reverse("privacy:export_file", args=[export.pk])
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["account"]["email"] == user.email
    assert "attachment" in response["Content-Disposition"]


def test_delete_account_anonymises_and_keeps_the_municipality_records(client):
    user = UserFactory(full_name="Lotte Jansen", email="lotte@utrecht.example", job_title="Beleidsadviseur")
    AccessGrantFactory(user=user)
    AccessLog.objects.create(username="lotte@utrecht.example", ip_address="10.1.1.1", user_agent="x", attempt_time=timezone.now())
    client.force_login(user)
    response = client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.email == f"deleted-{user.pk}@invalid"
    assert "Lotte" not in user.full_name and user.job_title == ""
    assert not user.history.filter(full_name="Lotte Jansen").exists()
    assert not user.history.filter(email="lotte@utrecht.example").exists()
    assert not AccessLog.objects.filter(username="lotte@utrecht.example").exists()
    assert user.municipality is not None
    response = client.post(reverse("accounts:login"), {"username": "lotte@utrecht.example", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get(reverse("privacy:my_data")).status_code == 302


def test_delete_account_refuses_a_wrong_password_and_the_last_coordinator(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en" + reverse("privacy:delete"), {"password": "wrong-password-here", "confirm": "on"})
    assert response.status_code == 200
    assert "password is not correct" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active

    coordinator = UserFactory(coordinator=True)
    with pytest.raises(ServiceError, match="only coordinator"):
        services.account_delete(user=coordinator, password=PASSWORD)
    UserFactory(coordinator=True, municipality=coordinator.municipality)
    services.account_delete(user=coordinator, password=PASSWORD)
    assert not User.objects.get(pk=coordinator.pk).is_active


def test_delete_account_needs_the_confirmation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en" + reverse("privacy:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_my_data_page_needs_login_and_shows_the_account(client):
    assert client.get(reverse("privacy:my_data")).status_code == 302
    user = UserFactory(full_name="Ahmed el Amrani")
    client.force_login(user)
    body = client.get(reverse("privacy:my_data")).content.decode()
    assert "Ahmed el Amrani" in body and user.email in body


def test_processing_register_is_loaded():
    assert ProcessingActivity.objects.count() >= 6
    assert ProcessingActivity.objects.filter(name="Beveiliging van het inloggen", retention="30 dagen").exists()


def test_retention_command_prints_each_rule(capsys):
    from django.core.management import call_command

    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "Unconfirmed join requests (after 30 days): 0 removed" in out
