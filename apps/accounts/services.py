"""Accounts, roles and invitations."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from apps.core.mail import deliver_now, render_templated_email

from .models import MUNICIPAL_ROLES, Invitation, Role, User, hash_token

CAMPAIGN_TEAM_GROUP = "Campagneteam"


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", kwargs={"token": token})


def invitation_token(invitation: Invitation) -> str:
    """The invitation's secret token, derived from its id and creation time with the SECRET_KEY (as
    Django's password-reset tokens are). The database keeps only its hash; the e-mail task derives it
    again while it runs, so the token is never stored, nor queued in the task table."""
    created = invitation.created_at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    return salted_hmac("apps.accounts.invitation", f"{invitation.pk}:{created}", algorithm="sha256").hexdigest()


@transaction.atomic
def invitation_create(
    *,
    email: str,
    role: str,
    municipality=None,
    invited_by=None,
    full_name: str = "",
    job_title: str = "",
    message: str = "",
    language: str = "nl",
    young_challenger: bool = False,
    application_approved: bool = False,
) -> tuple[Invitation, str]:
    """Create an invitation and queue its e-mail. Returns the invitation and its token (which only
    ever leaves the platform in the e-mail). The queued task gets the invitation's id, not the link.
    Earlier open invitations for the same address and municipality are revoked."""
    from .tasks import deliver_invitation

    email = email.strip().lower()
    if role in MUNICIPAL_ROLES and municipality is None:
        raise ServiceError(_("An invitation for a municipal role needs a municipality."))
    existing = User.objects.filter(email__iexact=email, is_active=True).first()
    if existing is not None:
        raise ServiceError(_("%(email)s already has an account.") % {"email": email})
    now = timezone.now()
    Invitation.objects.open().filter(email__iexact=email, municipality=municipality).update(revoked_at=now)
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        job_title=job_title,
        role=role,
        municipality=municipality,
        invited_by=invited_by,
        token_hash=hash_token(secrets.token_urlsafe(32)),  # a placeholder until the id is known
        expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
        message=(message or "").strip()[:2000],
        language=language or "nl",
        young_challenger=young_challenger,
    )
    token = invitation_token(invitation)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    invitation_id = invitation.pk  # the task gets ids only: the message, address and link are read or made when it runs
    arguments = {"invitation_id": invitation_id}
    if application_approved:  # the mail then says the application was approved (a flag, no personal data)
        arguments["application_approved"] = True
    transaction.on_commit(lambda: deliver_invitation.enqueue(**arguments))
    return invitation, token


def invitation_deliver(*, invitation_id: int, application_approved: bool = False) -> int:
    """Task body: e-mail the invitation with its link, built now, and the personal message read from the
    invitation (then cleared: it lives on only in the e-mail). An invitation that was accepted, withdrawn
    or has expired in the meantime is not sent. Returns the number of messages sent."""
    invitation = Invitation.objects.select_related("municipality", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        return 0
    token = invitation_token(invitation)
    if not constant_time_compare(hash_token(token), invitation.token_hash):  # SECRET_KEY rotated since
        invitation.token_hash = hash_token(token)
        invitation.save(update_fields=["token_hash"])
    email = render_templated_email(
        to=[invitation.email],
        template="accounts/email/invitation",
        context={
            "invitation": invitation,
            "url": invitation_url(token),
            "message": invitation.message,
            "inviter": invitation.invited_by.full_name if invitation.invited_by else "",
            "valid_days": settings.INVITATION_VALID_DAYS,
            "young_challenger": invitation.young_challenger,
            "application_approved": application_approved,
        },
        language=invitation.language,
    )
    sent = deliver_now(email)
    if invitation.message:
        Invitation.objects.filter(pk=invitation.pk).update(message="")
    return sent


def password_reset_deliver(*, user_id: int, domain: str, protocol: str, language: str = "nl") -> int:
    """Task body: e-mail a password-reset link, with the token made now (Django's token generator),
    so that the task table holds only the user's id. Returns the number of messages sent."""
    from django.contrib.auth.tokens import default_token_generator

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return 0
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    return deliver_now(render_templated_email(to=[user.email], template="accounts/email/password_reset", context=context, language=language))


def invitation_get(*, token: str) -> Invitation:
    """The open invitation for ``token``; raises InvalidLink or ExpiredLink with a message to show."""
    invitation = Invitation.objects.select_related("municipality").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvalidLink(_("This invitation link is not valid. Check that you copied the whole link from the e-mail."))
    if invitation.accepted_at is not None:
        raise InvalidLink(_("This invitation has already been used. Log in with your e-mail address and password."))
    if invitation.revoked_at is not None:
        raise InvalidLink(_("This invitation has been withdrawn or replaced by a newer one. Use the link in the most recent e-mail."))
    if invitation.is_expired:
        raise ExpiredLink(
            _("This invitation expired on %(date)s. Ask your coordinator or the campaign team for a new one.")
            % {"date": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y")}
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str, job_title: str = "", language: str = "nl") -> User:
    invitation = invitation_get(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:  # accepted in a parallel request
        raise InvalidLink(_("This invitation has already been used. Log in with your e-mail address and password."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ServiceError(_("%(email)s already has an account.") % {"email": invitation.email})
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name,
        job_title=job_title,
        role=invitation.role,
        municipality=invitation.municipality if invitation.role in MUNICIPAL_ROLES else None,
        language=language,
    )
    user_apply_role(user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


# The apps whose models the campaign team manages in the back office. Deliberately absent: ``auth``
# (groups and permissions) and ``admin``; on ``accounts`` the team changes people, but the user admin
# keeps is_staff, is_superuser, groups, permissions and other people's passwords for superusers.
CAMPAIGN_TEAM_APPS = (
    "accounts", "goals", "municipalities", "membership", "branding", "privacy", "support", "knowledge", "youngchallengers",
    "updates", "api", "menukaart", "policyscan", "programmes", "tijdscapsule", "monitor", "budget",
    "django_tasks_database",  # the task results: failed e-mail deliveries
    "axes",  # login locks
)  # fmt: skip


def campaign_team_group() -> Group:
    """The back-office group, defined here (and only here): every permission on the platform's own
    models, none on ``auth``."""
    from django.contrib.auth.models import Permission

    group, _created = Group.objects.get_or_create(name=CAMPAIGN_TEAM_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CAMPAIGN_TEAM_APPS))
    return group


def user_apply_role(*, user: User) -> None:
    """Back-office access follows the role: the campaign team is staff in the campaign team group."""
    is_team = user.role == Role.CAMPAIGN_TEAM
    if user.is_staff != (is_team or user.is_superuser):
        user.is_staff = is_team or user.is_superuser
        user.save(update_fields=["is_staff"])
    group = campaign_team_group()
    if is_team:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def _require_same_municipality(actor: User, person: User) -> None:
    if person.municipality_id != actor.municipality_id:
        raise ServiceError(_("You can only change people of your own municipality."))


def _coordinators(municipality):
    return User.objects.filter(municipality=municipality, role=Role.COORDINATOR, is_active=True)


@transaction.atomic
def person_set_role(*, actor: User, person: User, role: str) -> User:
    """A coordinator makes a colleague member or coordinator. A municipality keeps at least one coordinator."""
    if role not in MUNICIPAL_ROLES:
        raise ServiceError(_("Choose member or coordinator."))
    _require_same_municipality(actor, person)
    if person.role == Role.COORDINATOR and role != Role.COORDINATOR and _coordinators(person.municipality).count() <= 1:
        raise ServiceError(_("A municipality needs at least one coordinator. Make someone else coordinator first."))
    person.role = role
    person.save(update_fields=["role"])
    return person


@transaction.atomic
def person_deactivate(*, actor: User, person: User) -> User:
    """Remove someone from the municipality's team. The account is deactivated, its history kept."""
    _require_same_municipality(actor, person)
    if person.pk == actor.pk:
        raise ServiceError(_("You cannot remove yourself. Ask another coordinator."))
    if person.role == Role.COORDINATOR and _coordinators(person.municipality).count() <= 1:
        raise ServiceError(_("A municipality needs at least one coordinator. Make someone else coordinator first."))
    person.is_active = False
    person.save(update_fields=["is_active"])
    return person


def totp_device_for(*, user: User):
    """The user's authenticator-app device and whether it is linked (confirmed). An unlinked one is
    created on first use; its key is shown once, on the setup page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        return device, True
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )
    return device, False


def totp_confirm(*, device, token: str) -> bool:
    """Check a code; the first correct code links the device."""
    if not device.verify_token(token):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


BACKUP_CODE_COUNT = 10


def backup_codes_create(*, user: User) -> list[str]:
    """New back-up codes for the second step (django-otp static device): each works once, for a staff
    member who lost their phone. Earlier codes stop working. The codes are shown once, on the page."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Back-up codes"), confirmed=True)
        codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(*, user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_verify(*, user: User, token: str):
    """The device that accepts ``token`` (the authenticator app, or once a back-up code), or None. While the
    app is not linked yet only its code counts: linking is how the second step starts."""
    from django_otp.plugins.otp_static.models import StaticDevice

    device, confirmed = totp_device_for(user=user)
    if token.isdigit():
        return device if totp_confirm(device=device, token=token) else None
    if not confirmed:
        return None
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(token):
            return static
    return None
