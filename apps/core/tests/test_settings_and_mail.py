from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import override_settings

from apps.core.mail import deliver_email, message_from_dict, message_to_dict
from apps.core.management.commands.envdoc import render
from config.env import _cast

ROOT = Path(__file__).resolve().parents[3]


def test_env_values_are_cast_by_the_type_of_the_default():
    assert _cast("X", "true", False) is True
    assert _cast("X", "0", True) is False
    assert _cast("X", "42", 1) == 42
    assert _cast("X", "a.example, b.example", []) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured):
        _cast("X", "maybe", False)
    with pytest.raises(ImproperlyConfigured):
        _cast("X", "ten", 1)


def test_configuration_document_is_up_to_date():
    assert (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == render(), "run `make envdoc`"


def test_every_variable_is_in_env_example_or_documented():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in ["DATABASE_URL", "DJANGO_SECRET_KEY", "REDIS_URL", "EMAIL_DELIVERY_BACKEND", "SITE_URL"]:
        assert f"`{name}`" in text


def test_message_survives_serialisation():
    message = EmailMultiAlternatives("Onderwerp", "Tekst", "a@example.org", ["b@example.org"], reply_to=["c@example.org"])
    message.attach_alternative("<p>Tekst</p>", "text/html")
    message.attach("bijlage.pdf", b"%PDF-1.4 inhoud", "application/pdf")
    copy = message_from_dict(message_to_dict(message))
    assert (copy.subject, copy.body, copy.to, copy.reply_to) == ("Onderwerp", "Tekst", ["b@example.org"], ["c@example.org"])
    assert copy.alternatives[0][0] == "<p>Tekst</p>"
    assert copy.attachments[0][1] == b"%PDF-1.4 inhoud"


@pytest.mark.django_db(transaction=True)
def test_mail_waits_in_the_queue_until_the_worker_runs():
    """With the real database backend, sending only enqueues; `db_worker` delivers."""
    from django_tasks_db.models import DBTaskResult

    tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=tasks):
        from django.core.mail import send_mail

        send_mail("Onderwerp", "Tekst", None, ["b@example.org"])
        assert mail.outbox == []
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        assert [m.subject for m in mail.outbox] == ["Onderwerp"]
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_deliver_email_task_sends_with_the_delivery_mailer():
    message = EmailMultiAlternatives("Hallo", "Tekst", None, ["x@example.org"])
    assert deliver_email.call(message_to_dict(message)) == 1
    assert mail.outbox[0].subject == "Hallo"


@pytest.mark.django_db
def test_health_and_error_pages(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    response = client.get("/en/does-not-exist/")
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_e_mail_subjects_and_bodies_are_not_html_escaped():
    from apps.core.mail import render_templated_email
    from tests.factories import municipality

    with_apostrophe = municipality("GM0518")  # 's-Gravenhage
    application = type("Application", (), {"municipality": with_apostrophe, "contact_name": "A & B"})()
    message = render_templated_email(
        to=["a@example.org"], template="membership/email/approved_existing_account", context={"application": application, "message": ""}
    )
    assert message.subject == "De aanmelding van 's-Gravenhage is goedgekeurd"
    assert "Beste A & B," in message.body
