"""Updates from the campaign team: choose a group, send once, log every delivery, honour opt-outs."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.core.exceptions import ServiceError

from .models import Audience, Delivery, OptOut, Update

SALT = "updates.unsubscribe"
BATCH = 100


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=SALT, compress=True)


def unsubscribe_email(token: str) -> str:
    """The address in a genuine link; raises ServiceError for a link that was altered."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise ServiceError(_("This unsubscribe link is not valid: it may have been changed or cut off. Use the link from the e-mail, or ask the campaign team.")) from error


def unsubscribe(token: str) -> str:
    email = unsubscribe_email(token)
    OptOut.objects.get_or_create(email=email)
    return email


def recipients(audience: str) -> list[tuple[str, str, str]]:
    """[(email, name, language)] for the group, without addresses that opted out, each once."""
    people = User.objects.filter(is_active=True, municipality__membership__isnull=False)
    if audience == Audience.COORDINATORS:
        people = people.filter(role=Role.COORDINATOR)
    elif audience == Audience.MEMBERS:
        people = people.filter(role__in=[Role.MEMBER, Role.COORDINATOR])
    elif audience == Audience.YOUNG_CHALLENGERS:
        people = people.filter(young_challenger__isnull=False)
    elif audience.startswith("programme:") and audience.removeprefix("programme:").isdigit():
        # participants of one programme (apps/programmes: its back office sends these)
        from apps.programmes.selectors import participant_recipients

        people = participant_recipients(int(audience.removeprefix("programme:")))
    else:
        raise ServiceError(_("Unknown group."))
    opted_out = set(OptOut.objects.values_list("email", flat=True))
    seen, result = set(), []
    for email, name, language in people.order_by("email").values_list("email", "full_name", "language"):
        key = email.lower()
        if key in opted_out or key in seen:
            continue
        seen.add(key)
        result.append((email, name, language))
    return result


def update_send(*, update: Update) -> bool:
    """Move a draft to 'sending' and queue the task. A second click finds it no longer a draft: False."""
    from .tasks import send_update

    with transaction.atomic():
        claimed = Update.objects.filter(pk=update.pk, status=Update.Status.DRAFT).update(status=Update.Status.SENDING)
        if claimed:
            transaction.on_commit(lambda: send_update.enqueue(update.pk))
    return bool(claimed)


def _message(update: Update, email: str, name: str, language: str) -> EmailMessage:
    url = settings.SITE_URL.rstrip("/") + reverse("updates:unsubscribe", kwargs={"token": unsubscribe_token(email)})
    with translation.override(language or "nl"):
        footer = _("You receive this message from the campaign team of Global Goals Gemeenten. No more updates? %(url)s") % {"url": url}
    message = EmailMessage(subject=update.subject, body=f"{update.body}\n\n--\n{footer}\n", to=[email])
    message.extra_headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return message


def update_deliver(*, update_id: int) -> dict:
    """Task body: every recipient gets the update at most once, even if the task runs again after a
    crash (the delivery row is written before the e-mail goes out)."""
    update = Update.objects.get(pk=update_id)
    if update.status == Update.Status.SENT:
        return {"sent": 0, "skipped": 0}
    already = set(Delivery.objects.filter(update=update).values_list("email", flat=True))
    todo = [r for r in recipients(update.audience) if r[0] not in already]
    sent = failed = 0
    with mailers["delivery"] as connection:
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            claimed = []
            with transaction.atomic():  # one commit per batch; each row in its own savepoint
                for email, name, language in batch:
                    try:
                        with transaction.atomic():
                            claimed.append((Delivery.objects.create(update=update, email=email), email, name, language))
                    except IntegrityError:
                        continue  # another run took it
            # the claims are committed before any of the batch's e-mails goes out
            for delivery, email, name, language in claimed:
                try:
                    connection.send_messages([_message(update, email, name, language)])
                    sent += 1
                except Exception as error:  # noqa: BLE001 - one bad address must not stop the rest
                    Delivery.objects.filter(pk=delivery.pk).update(error=str(error)[:300])
                    failed += 1
    Update.objects.filter(pk=update.pk).update(status=Update.Status.SENT, sent_at=timezone.now())
    return {"sent": sent, "failed": failed, "skipped": len(already)}
