"""Joining the campaign: apply, confirm the e-mail address, approve or decline, keep the profile."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role
from apps.accounts.services import invitation_create
from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from apps.core.mail import send_templated_email

from .models import Application, Membership

CONFIRM_SALT = "membership.application.confirm"


class AlreadyMember(ServiceError):
    pass


class ApplicationInProgress(ServiceError):
    pass


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def application_check_open(*, municipality, exclude_pk=None) -> None:
    """Raise when ``municipality`` cannot apply: it is a member already, it no longer exists, or a
    confirmed application is waiting for the campaign team."""
    membership = Membership.objects.filter(municipality=municipality).first()
    if membership is not None:
        raise AlreadyMember(
            _(
                "%(name)s is already a Global Goals municipality (since %(date)s). A municipality can join once; contact your coordinator or the campaign team."
            )
            % {"name": municipality.display_name, "date": _date(membership.since)}
        )
    if not municipality.is_current:
        raise ServiceError(
            _("%(name)s no longer exists as a municipality; it merged into %(successor)s.")
            % {"name": municipality.display_name, "successor": municipality.successor}
        )
    pending = Application.objects.filter(municipality=municipality, status=Application.Status.PENDING).exclude(pk=exclude_pk).first()
    if pending is not None:
        raise ApplicationInProgress(
            _(
                "An application for %(name)s was received on %(date)s and is being handled by the campaign team. You will hear from us; there is no need to apply again."
            )
            % {"name": municipality.display_name, "date": _date(timezone.localtime(pending.confirmed_at or pending.created_at))}
        )


def confirmation_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=CONFIRM_SALT)


def confirmation_url(application: Application) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("membership:confirm", kwargs={"token": confirmation_token(application)})


def _send_confirmation(application: Application) -> None:
    send_templated_email(
        to=[application.email],
        template="membership/email/confirm",
        context={"application": application, "url": confirmation_url(application), "valid_days": settings.CONFIRMATION_VALID_DAYS},
        language=application.language,
    )


@transaction.atomic
def application_submit(
    *,
    municipality,
    contact_name: str,
    email: str,
    contact_role: str,
    motivation: str,
    focus_goals=(),
    decision_body: str = "",
    decision_date=None,
    language: str = "nl",
) -> Application:
    """Record an application and send the confirmation link. Submitting the same application again
    (same municipality and address, not yet confirmed) updates it and sends a fresh link."""
    application_check_open(municipality=municipality)
    email = email.strip().lower()
    application = (
        Application.objects.select_for_update().filter(municipality=municipality, email__iexact=email, status=Application.Status.UNCONFIRMED).first()
    ) or Application(municipality=municipality, email=email)
    application.contact_name = contact_name
    application.contact_role = contact_role
    application.motivation = motivation
    application.decision_body = decision_body
    application.decision_date = decision_date
    application.language = language
    application.save()
    application.focus_goals.set(focus_goals)
    _send_confirmation(application)
    return application


def application_from_token(token: str, *, allow_expired: bool = False) -> Application:
    max_age = None if allow_expired else settings.CONFIRMATION_VALID_DAYS * 24 * 3600
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink(_("This confirmation link has expired. You can ask for a new link below; your application is kept.")) from exc
    except signing.BadSignature as exc:
        raise InvalidLink(_("This confirmation link is not valid. Check that you copied the whole link from the e-mail.")) from exc
    application = Application.objects.select_related("municipality").filter(pk=pk).first()
    if application is None:
        raise InvalidLink(_("This confirmation link is not valid. Check that you copied the whole link from the e-mail."))
    return application


def application_confirm(*, token: str) -> Application:
    """Confirm the applicant's e-mail address; the application goes to the campaign team.
    Confirming twice is harmless."""
    application = application_from_token(token)
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().select_related("municipality").get(pk=application.pk)
            if application.status != Application.Status.UNCONFIRMED:
                return application
            application_check_open(municipality=application.municipality, exclude_pk=application.pk)
            application.status = Application.Status.PENDING
            application.confirmed_at = timezone.now()
            application.save(update_fields=["status", "confirmed_at"])
            send_templated_email(
                to=[settings.CAMPAIGN_TEAM_EMAIL],
                template="membership/email/new_application",
                context={
                    "application": application,
                    "admin_url": settings.SITE_URL.rstrip("/") + reverse("admin:membership_application_change", args=[application.pk]),
                },
                language="nl",
            )
    except IntegrityError as exc:  # another application for the municipality was confirmed at the same moment
        application_check_open(municipality=application.municipality, exclude_pk=application.pk)
        raise ApplicationInProgress(_("An application for this municipality is already being handled.")) from exc
    return application


def application_resend_confirmation(*, token: str) -> Application:
    application = application_from_token(token, allow_expired=True)
    if application.status == Application.Status.UNCONFIRMED:
        application_check_open(municipality=application.municipality)
        _send_confirmation(application)
    return application


@transaction.atomic
def application_approve(*, application: Application, by, message: str = "") -> Membership:
    """Make the municipality a member and invite the applicant as its coordinator."""
    application = Application.objects.select_for_update().select_related("municipality").get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ServiceError(
            _("Only applications awaiting a decision can be approved (this one is: %(status)s).") % {"status": application.get_status_display()}
        )
    application_check_open(municipality=application.municipality, exclude_pk=application.pk)
    membership = Membership.objects.create(
        municipality=application.municipality,
        since=timezone.localdate(),
        application=application,
        decision_body=application.decision_body,
        decision_date=application.decision_date,
    )
    membership.focus_goals.set(application.focus_goals.all())
    application.status = Application.Status.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_message = message
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    membership.invited_coordinator = not _has_account(application.email)  # which e-mail went out, for the team's message
    if not membership.invited_coordinator:
        _send_welcome(application, message)
    else:
        invitation_create(
            email=application.email,
            full_name=application.contact_name,
            job_title=application.contact_role,
            role=Role.COORDINATOR,
            municipality=application.municipality,
            invited_by=by,
            message=message,
            language=application.language,
            application_approved=True,
        )
    return membership


def _has_account(email: str) -> bool:
    from apps.accounts.models import User

    return User.objects.filter(email__iexact=email, is_active=True).exists()


def _send_welcome(application: Application, message: str) -> None:
    send_templated_email(
        to=[application.email],
        template="membership/email/approved_existing_account",
        context={"application": application, "message": message},
        language=application.language,
    )


@transaction.atomic
def application_decline(*, application: Application, by, message: str) -> Application:
    application = Application.objects.select_for_update().select_related("municipality").get(pk=application.pk)
    if application.status not in (Application.Status.PENDING, Application.Status.UNCONFIRMED):
        raise ServiceError(_("This application has already been decided."))
    if not message.strip():
        raise ServiceError(_("Write a message to the applicant explaining the decision."))
    application.status = Application.Status.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_message = message
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    send_templated_email(
        to=[application.email],
        template="membership/email/declined",
        context={"application": application, "message": message},
        language=application.language,
    )
    return application


@transaction.atomic
def membership_update_profile(*, membership: Membership, intro: str, website: str, focus_goals) -> Membership:
    membership.intro = intro
    membership.website = website
    membership.save(update_fields=["intro", "website"])
    membership.focus_goals.set(focus_goals)
    return membership


def first_step_done(*, membership, key: str) -> None:
    """Tick off one of the workspace's first steps by hand."""
    from .selectors import FIRST_STEPS

    if key not in FIRST_STEPS:
        raise ServiceError(_("Unknown step."))
    if key not in membership.first_steps_done:
        membership.first_steps_done = [*membership.first_steps_done, key]
        membership.save(update_fields=["first_steps_done", "updated_at"])
