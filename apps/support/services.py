"""Support requests: a municipality asks, the campaign team answers, both sides get e-mail."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ServiceError
from apps.core.mail import send_templated_email

from .models import Message, SupportRequest

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class AttachmentError(ServiceError):
    """The attached file is refused (size, type or content)."""

# extension -> the bytes a real file of that type starts with (None: plain text, checked as UTF-8)
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".txt": None,
    ".csv": None,
}


def attachment_check(upload: UploadedFile | None) -> None:
    """Size, extension and content must agree; raises ServiceError with a message for the user."""
    if not upload:
        return
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise AttachmentError(
            _("The file %(name)s is %(size)s MB; attachments can be at most %(max)s MB. Your message has not been sent yet: attach a smaller file or leave it out.")
            % {"name": upload.name, "size": round(upload.size / 1024 / 1024, 1), "max": ATTACHMENT_MAX_BYTES // 1024 // 1024}
        )
    extension = Path(upload.name).suffix.lower()
    if extension not in ATTACHMENT_TYPES:
        raise AttachmentError(
            _("Files of type %(ext)s cannot be attached. Use PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, TXT or CSV.") % {"ext": extension or "?"}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = ATTACHMENT_TYPES[extension]
    if signatures is not None:
        valid = head.startswith(signatures)
    else:  # text: UTF-8 (a character cut off at the end of the sample is fine)
        try:
            head.decode("utf-8")
            valid = b"\x00" not in head
        except UnicodeDecodeError as error:
            valid = error.start >= len(head) - 3 and b"\x00" not in head
    if not valid:
        raise AttachmentError(_("The file %(name)s is not what its name says it is. Check the file and try again.") % {"name": upload.name})


def _link(support_request: SupportRequest) -> str:
    path = reverse("support_workspace:detail", kwargs={"slug": support_request.municipality.slug, "pk": support_request.pk})
    return settings.SITE_URL.rstrip("/") + path


def _notify_team(support_request: SupportRequest, message: Message, *, new: bool) -> None:
    to = [support_request.assigned_to.email] if support_request.assigned_to_id else [settings.CAMPAIGN_TEAM_EMAIL]
    admin_path = reverse("admin:support_supportrequest_change", args=[support_request.pk])
    send_templated_email(
        to=to,
        template="support/email/to_team",
        context={"request": support_request, "message": message, "new": new, "url": settings.SITE_URL.rstrip("/") + admin_path},
        language="nl",
    )


def _notify_municipality(support_request: SupportRequest, message: Message) -> None:
    person = support_request.requested_by
    if person is None or not person.is_active:
        return
    send_templated_email(
        to=[person.email],
        template="support/email/to_municipality",
        context={"request": support_request, "message": message, "person": person, "url": _link(support_request), "site": settings.SITE_URL.rstrip("/")},
        language=person.language,
    )


def _message(*, support_request, author, body, attachment, token, from_team) -> Message:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a message."))
    attachment_check(attachment)
    message = Message(request=support_request, author=author, body=body, from_team=from_team, token=token)
    if attachment:
        message.attachment_name = Path(attachment.name).name[:200]
        content, extension = attachment, Path(attachment.name).suffix.lower()
        if extension in (".png", ".jpg", ".jpeg"):
            from apps.core.images import ImageError, sanitise_image

            try:
                content, extension = sanitise_image(attachment)  # no EXIF or location data in the thread
            except ImageError as error:
                raise AttachmentError(_("The file %(name)s is not what its name says it is. Check the file and try again.") % {"name": attachment.name}) from error
        message.attachment.save(f"{uuid.uuid4().hex}{extension}", content, save=False)
    message.save()
    SupportRequest.objects.filter(pk=support_request.pk).update(last_message_at=message.created_at)
    return message


def request_create(*, municipality, user, category: str, subject: str, body: str, goals=(), attachment=None, token=None) -> tuple[SupportRequest, bool]:
    """A new request with its first message. ``token`` (from the form) makes a double click
    harmless: the second submission returns the request made by the first. Returns (request, created)."""
    if token:
        existing = Message.objects.filter(token=token).select_related("request").first()
        if existing:
            return existing.request, False
    subject = (subject or "").strip()
    if not subject:
        raise ServiceError(_("Give your question a subject."))
    attachment_check(attachment)
    try:
        with transaction.atomic():
            support_request = SupportRequest.objects.create(municipality=municipality, requested_by=user, category=category, subject=subject[:200])
            support_request.goals.set(goals)
            message = _message(support_request=support_request, author=user, body=body, attachment=attachment, token=token, from_team=False)
            transaction.on_commit(lambda: _notify_team(support_request, message, new=True))
    except IntegrityError:  # the same token at the same moment: the other submission won
        existing = Message.objects.filter(token=token).select_related("request").first()
        if existing is None:
            raise
        return existing.request, False
    return support_request, True


def message_add(
    *, support_request: SupportRequest, author, body: str, attachment=None, token=None, from_team: bool = False, articles=(), action_formats=()
) -> tuple[Message, bool]:
    """A reply in the thread. From the team: status 'waiting for you' and an e-mail to the asker;
    from the municipality: back to 'in progress' (or 'new') and an e-mail to the team."""
    if token:
        existing = Message.objects.filter(token=token).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
            message = _message(support_request=locked, author=author, body=body, attachment=attachment, token=token, from_team=from_team)
            if articles:
                message.articles.set(articles)
            if action_formats:
                message.action_formats.set(action_formats)
            now = timezone.now()
            if from_team:
                locked.status = SupportRequest.Status.WAITING
                locked.first_response_at = locked.first_response_at or now
                locked.closed_at = None
                transaction.on_commit(lambda: _notify_municipality(locked, message))
            else:
                locked.status = SupportRequest.Status.IN_PROGRESS if locked.first_response_at else SupportRequest.Status.NEW
                locked.closed_at = None
                transaction.on_commit(lambda: _notify_team(locked, message, new=False))
            locked.save(update_fields=["status", "first_response_at", "closed_at", "updated_at"])
    except IntegrityError:
        existing = Message.objects.filter(token=token).first()
        if existing is None:
            raise
        return existing, False
    support_request.refresh_from_db()
    return message, True


def request_set_status(*, support_request: SupportRequest, status: str, notify: bool = True) -> SupportRequest:
    """The team sets a status; closing a request mails the person who asked (with a way to reopen it),
    unless ``notify`` is off because the answer sent at the same moment already reached them."""
    closing = notify and status == SupportRequest.Status.DONE and support_request.status != SupportRequest.Status.DONE
    support_request.status = status
    support_request.closed_at = timezone.now() if status == SupportRequest.Status.DONE else None
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    if closing:
        transaction.on_commit(lambda: _notify_closed(support_request))
    return support_request


def _notify_closed(support_request: SupportRequest) -> None:
    person = support_request.requested_by
    if person is None or not person.is_active:
        return
    send_templated_email(
        to=[person.email],
        template="support/email/closed",
        context={"request": support_request, "person": person, "url": _link(support_request)},
        language=person.language,
    )


def request_close(*, support_request: SupportRequest, user) -> SupportRequest:
    """The municipality closes its own request (the question is answered): done, no e-mail to anyone."""
    if support_request.status == SupportRequest.Status.DONE:
        raise ServiceError(_("This question is already closed."))
    support_request.status = SupportRequest.Status.DONE
    support_request.closed_at = timezone.now()
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    return support_request


def request_reopen(*, support_request: SupportRequest, user) -> SupportRequest:
    """The municipality reopens a closed request: back with the team, who get an e-mail."""
    if support_request.status != SupportRequest.Status.DONE:
        raise ServiceError(_("This question is still open."))
    support_request.status = SupportRequest.Status.IN_PROGRESS if support_request.first_response_at else SupportRequest.Status.NEW
    support_request.closed_at = None
    support_request.save(update_fields=["status", "closed_at", "updated_at"])
    transaction.on_commit(lambda: _notify_team(support_request, None, new=False))
    return support_request


def request_assign(*, support_request: SupportRequest, user) -> SupportRequest:
    if user is not None and not user.is_campaign_team:
        raise ServiceError(_("Only members of the campaign team can be assigned."))
    support_request.assigned_to = user
    if user is not None and support_request.status == SupportRequest.Status.NEW:
        support_request.status = SupportRequest.Status.IN_PROGRESS
    support_request.save(update_fields=["assigned_to", "status", "updated_at"])
    return support_request
