"""Issue 17, finding 4: invitation and password-reset e-mails are queued as tasks whose arguments are
ids only; the link and its token are made while the task runs and never reach the task table."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from apps.accounts import services
from apps.accounts.models import Role
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db


def test_task_table_holds_no_link_token_or_address_and_the_worker_sends_working_links(
    client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from django_tasks_db.management.commands import db_worker

    # the worker closes "old" connections between tasks; inside the test's transaction that would close the
    # test's own connection on PostgreSQL (as in the schemathesis test)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator = UserFactory(coordinator=True, municipality=municipality("GM0344"))
    UserFactory(email="lotte@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.invitation_create(
            email="nieuw@utrecht.example", role=Role.MEMBER, municipality=coordinator.municipality, invited_by=coordinator, message="Welkom!"
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:password_reset"), {"email": "lotte@example.org"}).status_code == 302
    assert mail.outbox == []

    rows = list(DBTaskResult.objects.all())
    assert sorted(row.task_path.rsplit(".", 1)[-1] for row in rows) == ["deliver_invitation", "deliver_password_reset"]
    stored = json.dumps([row.args_kwargs for row in rows])
    for secret in (
        token,
        reverse("accounts:invitation", kwargs={"token": token}),
        "nieuw@utrecht.example",
        "lotte@example.org",
        "wachtwoord-herstellen",
    ):
        assert secret not in stored

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"nieuw@utrecht.example", "lotte@example.org"}
    assert "Welkom!" in by_address["nieuw@utrecht.example"].body
    stored = json.dumps(list(DBTaskResult.objects.values_list("args_kwargs", "return_value")))
    invitation_link = re.search(r"http://\S+", by_address["nieuw@utrecht.example"].body).group(0)
    reset_link = re.search(r"http://\S+", by_address["lotte@example.org"].body).group(0)
    assert token in invitation_link
    assert invitation_link not in stored and reset_link not in stored

    response = client.get(invitation_link)
    assert response.status_code == 200 and "Utrecht" in response.content.decode()
    response = client.get(reset_link, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "nieuw-wachtwoord-2030", "new_password2": "nieuw-wachtwoord-2030"})
    assert response.status_code == 302
    assert UserFactory._meta.model.objects.get(email="lotte@example.org").check_password("nieuw-wachtwoord-2030")


def test_withdrawn_invitation_is_not_sent(django_capture_on_commit_callbacks):
    invitation, _token = services.invitation_create(email="nieuw@utrecht.example", role=Role.MEMBER, municipality=municipality("GM0344"))
    services.invitation_revoke(invitation=invitation)
    assert services.invitation_deliver(invitation_id=invitation.pk) == 0
    assert mail.outbox == []


def test_invitation_task_arguments_are_the_id_only_and_the_message_is_read_in_the_task(settings, django_capture_on_commit_callbacks):
    """The coordinator's personal message is personal data: it stays on the invitation (not in its history
    table), the queued task's arguments hold only the invitation's id, and the message is cleared once sent."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator = UserFactory(coordinator=True, municipality=municipality("GM0344"))
    message = "Hoi Noor, jij kent het klimaatdossier het beste - doe je mee?"
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            email="noor@utrecht.example",
            role=Role.MEMBER,
            municipality=coordinator.municipality,
            invited_by=coordinator,
            message=message,
            language="en",
        )
    row = DBTaskResult.objects.get()
    assert row.args_kwargs == {"args": [], "kwargs": {"invitation_id": invitation.pk}}
    stored = json.dumps(row.args_kwargs)
    for secret in (message, "Noor", "noor@utrecht.example", token, invitation.token_hash):
        assert secret not in stored
    assert "message" not in {field.name for field in invitation.history.model._meta.fields}

    assert services.invitation_deliver(invitation_id=invitation.pk) == 1
    assert message in mail.outbox[0].body
    assert mail.outbox[0].to == ["noor@utrecht.example"]
    invitation.refresh_from_db()
    assert invitation.message == ""
