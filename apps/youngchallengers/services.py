"""YoungChallengers: nominated by their coordinator, running challenges, and a moderated network."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.core.exceptions import ServiceError
from apps.core.mail import send_templated_email
from apps.core.permissions import challenge_visibility, may_nominate

from .models import Challenge, Nomination, Post, Report, YoungChallenger

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def nominate(*, coordinator: User, municipality, email: str, full_name: str = "") -> tuple[YoungChallenger | None, bool]:
    """Nominate a colleague. Someone with an account in the municipality becomes a YoungChallenger
    at once; anyone else gets an invitation, and becomes one on accepting it. Returns
    (the YoungChallenger or None, whether an invitation was sent)."""
    from apps.accounts.services import invitation_create

    if not may_nominate(coordinator, municipality):
        raise ServiceError(_("Only a coordinator of the municipality can nominate YoungChallengers."))
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    if person is not None:
        if person.municipality_id != municipality.pk:
            raise ServiceError(_("%(email)s works for another municipality. A YoungChallenger belongs to one municipality.") % {"email": email})
        challenger, _created = YoungChallenger.objects.get_or_create(
            user=person, defaults={"municipality": municipality, "nominated_by": coordinator, "role_title": person.job_title}
        )
        return challenger, False
    with transaction.atomic():
        Nomination.objects.get_or_create(email=email, municipality=municipality, defaults={"nominated_by": coordinator})
        invitation_create(
            email=email, full_name=full_name, role=Role.MEMBER, municipality=municipality, invited_by=coordinator, young_challenger=True
        )
    return None, True


def nominations_resolve(user: User) -> YoungChallenger | None:
    """A new account whose address was nominated becomes a YoungChallenger (called on account creation)."""
    if not user.municipality_id:
        return None
    nomination = Nomination.objects.filter(email__iexact=user.email, municipality_id=user.municipality_id).first()
    if nomination is None:
        return None
    challenger, _created = YoungChallenger.objects.get_or_create(
        user=user, defaults={"municipality_id": user.municipality_id, "nominated_by": nomination.nominated_by}
    )
    nomination.delete()
    return challenger


def photo_check(upload):
    """Checked, then re-encoded without metadata (no location data): the file to store (apps.core.images)."""
    from PIL import Image, UnidentifiedImageError

    from apps.core.images import ImageError, sanitise_image

    if not upload:
        return upload
    if upload.size > PHOTO_MAX_BYTES:
        raise ServiceError(_("The photo is larger than 5 MB. Choose a smaller photo."))
    try:
        with Image.open(upload) as image:
            image.verify()
            if image.format not in ("JPEG", "PNG", "WEBP"):
                raise ServiceError(_("Use a JPEG, PNG or WebP photo."))
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ServiceError(_("This file is not a photo we can read. Use a JPEG, PNG or WebP photo.")) from error
    finally:
        upload.seek(0)
    try:
        content, extension = sanitise_image(upload, max_side=1200)
    except ImageError as error:
        raise ServiceError(_("This file is not a photo we can read. Use a JPEG, PNG or WebP photo.")) from error
    content.name = f"photo{extension}"
    return content


def visible_challenges(viewer: User):
    """Challenges ``viewer`` may see in full (the rule: apps.core.permissions.challenge_visibility)."""
    challenges = Challenge.objects.select_related("challenger__user", "challenger__municipality")
    return challenges.filter(challenge_visibility(viewer))


def post_create(*, challenger: YoungChallenger, body: str, goals=(), token=None) -> tuple[Post, bool]:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a message."))
    if token:
        existing = Post.objects.filter(token=token).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            post = Post.objects.create(author=challenger, body=body, token=token)
            post.goals.set(goals)
    except IntegrityError:
        return Post.objects.get(token=token), False
    return post, True


def post_report(*, post: Post, reporter: User, reason: str) -> Report:
    """A report of abuse goes to the campaign team by e-mail; one report per person per post."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say briefly what is wrong with this message."))
    report, created = Report.objects.get_or_create(post=post, reporter=reporter, defaults={"reason": reason[:500]})
    if created:
        url = settings.SITE_URL.rstrip("/") + reverse("admin:youngchallengers_report_change", args=[report.pk])
        transaction.on_commit(
            lambda: send_templated_email(
                to=[settings.CAMPAIGN_TEAM_EMAIL], template="youngchallengers/email/report", context={"report": report, "url": url}, language="nl"
            )
        )
    return report
