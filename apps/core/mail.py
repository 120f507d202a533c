"""E-mail: every message leaves the request through the task queue.

The default mailer is :class:`TaskEmailBackend`: ``send()`` anywhere in the code (including
Django's own password reset) serialises the message and enqueues :func:`deliver_email` once the
current transaction commits. The worker delivers it with the ``delivery`` mailer (SMTP in
production, console in development, locmem in tests).

Messages with a link that grants access (invitations, password reset) are not queued this way: their
task gets only ids and builds the link while it runs (``apps/accounts/tasks.py``), so the task table
never holds the link or its token.
"""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.tasks import task
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

logger = logging.getLogger(__name__)


def message_to_dict(message: EmailMessage) -> dict:
    data = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [],
        "attachments": [],
    }
    for alternative in getattr(message, "alternatives", []):
        content, mimetype = alternative[0], alternative[1]
        data["alternatives"].append([str(content), mimetype])
    for attachment in message.attachments:
        filename, content, mimetype = attachment[0], attachment[1], attachment[2]
        raw = content.encode() if isinstance(content, str) else bytes(content)
        data["attachments"].append([filename, base64.b64encode(raw).decode("ascii"), mimetype])
    return data


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver_email(message: dict) -> int:
    """Task: deliver one serialised message with the real backend."""
    with mailers["delivery"] as connection:
        return connection.send_messages([message_from_dict(message)])


class TaskEmailBackend(BaseEmailBackend):
    """Queues messages for :func:`deliver_email` instead of sending them in the request."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            payload = message_to_dict(message)
            transaction.on_commit(lambda payload=payload: deliver_email.enqueue(payload))
            count += 1
        return count


def render_text(name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: an e-mail's subject and body are not
    HTML (a subject said "&#x27;s-Gravenhage" where a template forgot ``{% autoescape off %}``)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_templated_email(*, to: list[str], template: str, context: dict, language: str = "nl", reply_to=None) -> EmailMessage:
    """The message of ``<template>_subject.txt`` and ``<template>_body.txt`` rendered in ``language``."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to)


def send_templated_email(*, to: list[str], template: str, context: dict, language: str = "nl", reply_to=None) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send."""
    render_templated_email(to=to, template=template, context=context, language=language, reply_to=reply_to).send()


def deliver_now(message: EmailMessage) -> int:
    """Deliver ``message`` at once with the ``delivery`` mailer. Only for tasks that build a message
    holding a secret (an invitation or password-reset link) while they run: going through the
    default mailer would put the secret into the task table."""
    with mailers["delivery"] as connection:
        return connection.send_messages([message])
