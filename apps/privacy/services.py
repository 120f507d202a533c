"""Privacy rights (AVG): a user's data export, account deletion with anonymisation, retention periods.

Other apps take part through ``apps/<app>/privacy.py`` with two optional functions:
``export(user) -> dict`` (everything of that app tied to the user, as JSON-serialisable data) and
``anonymise(user) -> None`` (remove the user's name from contributions the municipality keeps).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.core.exceptions import ServiceError

from . import registry
from .models import DataExport


def optional_model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


EXPORT_VALID_DAYS = 7


class WrongPassword(ServiceError):
    pass


@dataclass(frozen=True)
class Rule:
    """One retention period, as stated in the privacy statement."""

    name: str
    days: int


RULES = {
    "unconfirmed_applications": Rule("Unconfirmed join requests", 30),
    "declined_applications": Rule("Declined join requests", 365),
    "ended_invitations": Rule("Accepted, revoked or expired invitations", 90),
    "login_attempts": Rule("Login attempts and access logs", 30),
    "finished_tasks": Rule("Finished background tasks (e-mail queue)", 30),
    "data_exports": Rule("Data exports", EXPORT_VALID_DAYS),
}


def _app_hooks(name: str):
    for config in apps.get_app_configs():
        if config.name.startswith("apps.") and find_spec(f"{config.name}.privacy"):
            function = getattr(import_module(f"{config.name}.privacy"), name, None)
            if function is not None:
                yield config.label, function


def retention_apply(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its retention period; returns the number of records removed per rule."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    from apps.accounts.models import Invitation
    from apps.membership.models import Application

    now = now or timezone.now()

    def before(rule: str) -> dt.datetime:
        return now - dt.timedelta(days=RULES[rule].days)

    removed = {}
    with transaction.atomic():
        removed["unconfirmed_applications"] = Application.objects.filter(
            status=Application.Status.UNCONFIRMED, created_at__lt=before("unconfirmed_applications")
        ).delete()[0]
        removed["declined_applications"] = Application.objects.filter(
            status=Application.Status.DECLINED, decided_at__lt=before("declined_applications")
        ).delete()[0]
        cut = before("ended_invitations")
        removed["ended_invitations"] = Invitation.objects.filter(Q(accepted_at__lt=cut) | Q(revoked_at__lt=cut) | Q(expires_at__lt=cut)).delete()[0]
        cut = before("login_attempts")
        removed["login_attempts"] = sum(
            model.objects.filter(attempt_time__lt=cut).delete()[0] for model in (AccessAttempt, AccessFailureLog, AccessLog)
        )
        removed["finished_tasks"] = DBTaskResult.objects.filter(finished_at__lt=before("finished_tasks")).delete()[0]
        expired = list(DataExport.objects.filter(created_at__lt=before("data_exports")))
        for export in expired:
            if export.file:
                export.file.delete(save=False)
            export.delete()
        removed["data_exports"] = len(expired)
        # The registry (apps/privacy/registry.py): the history of what was deleted goes too, and
        # delivered tasks keep no arguments.
        removed["history_of_deleted_records"] = registry.purge_deleted_history()
        registry.clear_finished_task_arguments()
    return removed


def _iso(value):
    return value.isoformat() if value else None


def user_data(user: User) -> dict:
    """Everything the platform holds about ``user``: the account, its history, invitations and
    grants, join requests sent from the same address, login records, and each app's own part."""
    from axes.models import AccessAttempt, AccessLog

    from apps.accounts.models import AccessGrant, Invitation
    from apps.membership.models import Application

    data = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": user.job_title,
            "role": user.role,
            "municipality": user.municipality.name if user.municipality_id else None,
            "language": user.language,
            "is_active": user.is_active,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "account_history": [
            {
                "date": _iso(h.history_date),
                "type": h.history_type,
                "full_name": h.full_name,
                "email": h.email,
                "role": h.role,
                "job_title": h.job_title,
            }
            for h in user.history.order_by("history_date")
        ],
        "invitations_received": [
            {
                "email": i.email,
                "role": i.role,
                "municipality": i.municipality.name,
                "created_at": _iso(i.created_at),
                "accepted_at": _iso(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("municipality")
        ],
        "invitations_sent": [
            {"email": i.email, "role": i.role, "created_at": _iso(i.created_at)} for i in Invitation.objects.filter(invited_by=user)
        ],
        "access_grants": [
            {"municipality": g.municipality.name, "reason": g.reason, "valid_until": _iso(g.valid_until)}
            for g in AccessGrant.objects.filter(user=user).select_related("municipality")
        ],
        "join_requests": [
            {
                "municipality": a.municipality.name,
                "contact_name": a.contact_name,
                "email": a.email,
                "contact_role": a.contact_role,
                "motivation": a.motivation,
                "status": a.status,
                "created_at": _iso(a.created_at),
            }
            for a in Application.objects.filter(email__iexact=user.email).select_related("municipality")
        ],
        "login_records": [
            {"time": _iso(r.attempt_time), "ip_address": r.ip_address, "user_agent": r.user_agent}
            for model in (AccessAttempt, AccessLog)
            for r in model.objects.filter(username__iexact=user.email).order_by("attempt_time")
        ],
    }
    for label, export in _app_hooks("export"):
        data[label] = export(user)
    # Everything else the registry of personal data finds with the address or name, history included.
    data["records_by_location"] = registry.find(email=user.email, names=[user.full_name])
    return data


def export_request(*, user: User) -> DataExport:
    """Queue an export (one at a time: a second request while one is being prepared returns it)."""
    from .tasks import build_data_export

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
        if pending:
            return pending
        export = DataExport.objects.create(user=user)
        transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def export_build(*, export_id: int) -> DataExport:
    """Task body: write the JSON file and tell the user by e-mail."""
    from django.conf import settings
    from django.urls import reverse

    from apps.core.mail import send_templated_email

    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.status != DataExport.Status.PENDING:
        return export
    try:
        payload = json.dumps(user_data(export.user), ensure_ascii=False, indent=2).encode()
    except Exception:
        export.status = DataExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        raise
    export.file.save(f"export-{export.user_id}-{export.pk}.json", ContentFile(payload), save=False)
    export.status = DataExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    user = export.user
    send_templated_email(
        to=[user.email],
        template="privacy/email/export_ready",
        context={"user": user, "url": settings.SITE_URL.rstrip("/") + reverse("privacy:my_data"), "days": EXPORT_VALID_DAYS},
        language=user.language,
    )
    return export


def account_delete(*, user: User, password: str) -> None:
    """Delete one's own account. The municipality keeps its records (activities, texts, decisions),
    without the person's name; login is no longer possible; exports and grants are removed."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from apps.accounts.models import AccessGrant, Invitation

    if not user.check_password(password):
        raise WrongPassword(_("The password is not correct. Your account has not been deleted."))
    if user.role == Role.COORDINATOR and user.municipality_id:
        others = User.objects.filter(municipality_id=user.municipality_id, role=Role.COORDINATOR, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ServiceError(_("You are the only coordinator of your municipality. Make a colleague coordinator first."))
    with transaction.atomic():
        for _label, anonymise in _app_hooks("anonymise"):
            anonymise(user)
        old_email, old_name = user.email, user.full_name
        for export in DataExport.objects.filter(user=user):
            if export.file:
                export.file.delete(save=False)
            export.delete()
        AccessGrant.objects.filter(user=user).delete()
        Invitation.objects.filter(email__iexact=old_email, accepted_at__isnull=True).delete()
        user.email = f"deleted-{user.pk}@invalid"
        user.full_name = _("Deleted user")
        user.job_title = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        user.history.all().update(full_name=user.full_name, email=user.email, job_title="")
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=old_email).delete()
        for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):  # the app's key and the back-up codes
            device_model = optional_model(label)
            if device_model is not None:
                device_model.objects.filter(user=user).delete()
        # Every other place the registry knows (join request, registrations, history rows, tasks).
        registry.erase(email=old_email, names=[old_name])


def retention_schedule(*, run_after: dt.datetime | None = None) -> bool:
    """Queue the daily retention task on a queue that can defer (the database worker) unless a run is
    already waiting; True when one was queued. Backends that run tasks at once (tests) are skipped,
    since the task queues its own next run."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import apply_retention_daily

    if not apply_retention_daily.get_backend().supports_defer:
        return False
    if DBTaskResult.objects.filter(task_path=apply_retention_daily.module_path, status=TaskResultStatus.READY).exists():
        return False
    (apply_retention_daily.using(run_after=run_after) if run_after else apply_retention_daily).enqueue()
    return True
