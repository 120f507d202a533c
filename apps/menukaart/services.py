"""Menukaart business rules: finding formats, planning activities, suggestions, practice examples and
their moderation, and the award."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.exceptions import ServiceError
from apps.core.mail import send_templated_email
from apps.goals.models import Goal

from .models import ActionFormat, Activity, Attachment, Entry, ExampleVersion, ModerationEvent, Photo, PracticeExample, Score

PHOTO_MAX_BYTES = 8 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
EXAMPLE_WORDS = (400, 800)
GOAL_BADGE = Prefetch("goals", queryset=Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number"))


# --- formats ----------------------------------------------------------------------------------


def format_list(*, goal: int | None = None, category: str = "", effort: str = "", audience: str = "", query: str = ""):
    """Published formats with category and goals: 3 queries when evaluated (plus the count), whatever the number."""
    formats = (
        ActionFormat.objects.filter(published=True)
        .select_related("category")
        .defer("description_nl", "description_en", "steps_nl", "steps_en")
        .prefetch_related(GOAL_BADGE)
        .order_by("title_nl", "pk")
    )
    if goal:
        formats = formats.filter(goals=goal)
    if category:
        formats = formats.filter(category__slug=category)
    if effort:
        formats = formats.filter(effort=effort)
    if audience:
        formats = formats.filter(audience=audience)
    if query:  # the platform search (apps/search): Dutch stemming, compounds, synonyms, typos; ranked
        from apps.search.engine import ranked

        return ranked(formats, query, "format")
    return formats


def format_users(action_format: ActionFormat, limit: int = 30):
    """Municipalities that used the format (done activities) or published an example on it."""
    from apps.municipalities.models import Municipality

    return (
        Municipality.objects.filter(
            Q(activities__action_format=action_format, activities__status=Activity.Status.DONE)
            | Q(practice_examples__action_format=action_format, practice_examples__status=PracticeExample.Status.PUBLISHED)
        )
        .distinct()
        .order_by("display_name")
        .only("slug", "display_name")[:limit]
    )


# --- activities -------------------------------------------------------------------------------


def _own(municipality, obj):
    if obj.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))


def activity_save(*, municipality, user, data: dict, activity: Activity | None = None) -> Activity:
    if activity is not None:
        _own(municipality, activity)
    else:
        activity = Activity(municipality=municipality, created_by=user)
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ServiceError(_("The end date is before the start date."))
    if data.get("status") == Activity.Status.DONE and start and start > timezone.localdate():
        raise ServiceError(_("An activity in the future cannot be done yet. Choose 'planned', or correct the date."))
    for name in ("title", "action_format", "start_date", "end_date", "status", "partners", "report", "reach"):
        if name in data:
            setattr(activity, name, data[name])
    with transaction.atomic():
        activity.save()
        if "goals" in data:
            goals = list(data["goals"]) or (list(activity.action_format.goals.all()) if activity.action_format_id else [])
            activity.goals.set(goals)
    return activity


def photo_add(*, municipality, activity: Activity, upload, caption: str) -> Photo:
    """Checked with Pillow, at most 8 MB, re-encoded as JPEG without metadata (no location data)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    _own(municipality, activity)
    if not (caption or "").strip():
        raise ServiceError(_("Describe the photo in a few words (for people who cannot see it)."))
    if upload.size > PHOTO_MAX_BYTES:
        raise ServiceError(_("The photo is larger than 8 MB. Choose a smaller photo."))
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((2400, 2400))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ServiceError(_("This file is not a photo we can read. Use a JPEG, PNG or WebP photo.")) from error
    photo = Photo(activity=activity, caption=caption.strip()[:200])
    photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(out.getvalue()), save=False)
    photo.save()
    return photo


def public_activities(municipality):
    return (
        Activity.objects.filter(municipality=municipality, status__in=[Activity.Status.PLANNED, Activity.Status.DONE])
        .select_related("action_format")
        .prefetch_related(GOAL_BADGE)
        .order_by("-start_date", "-pk")
    )


def ical_feed(municipality) -> bytes:
    """The municipality's planned and done activities with a date, as iCalendar (RFC 5545)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Global Goals Gemeenten//Menukaart//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Global Goals {municipality.display_name}")
    site = settings.SITE_URL.rstrip("/")
    for activity in public_activities(municipality).filter(start_date__isnull=False):
        event = Event()
        event.add("uid", f"activity-{activity.pk}@globalgoalsgemeenten")
        event.add("summary", activity.title)
        event.add("dtstart", activity.start_date)
        event.add("dtend", (activity.end_date or activity.start_date) + dt.timedelta(days=1))
        event.add("dtstamp", activity.updated_at)
        event.add("status", "CONFIRMED")
        event.add("url", site + municipality.get_absolute_url())
        goals = ", ".join(str(g.number) for g in activity.goals.all())
        event.add("description", f"Global Goals: {goals}" if goals else "Global Goals")
        calendar.add_component(event)
    return calendar.to_ical()


# --- "What fits us?" ------------------------------------------------------------------------------


@dataclass
class Suggestion:
    action_format: ActionFormat
    score: float
    reasons: list[str] = field(default_factory=list)


def suggestions(municipality, *, limit: int = 6) -> list[Suggestion]:
    """Formats ranked by the municipality's focus goals, what it has done already (down), and what
    comparable municipalities (same size class, same province) did; each with its reasons."""
    membership = getattr(municipality, "membership", None)
    focus = set(membership.focus_goals.values_list("number", flat=True)) if membership else set()
    used = set(Activity.objects.filter(municipality=municipality).exclude(action_format=None).values_list("action_format_id", flat=True))
    peers = Activity.objects.exclude(municipality=municipality).exclude(action_format=None).filter(status=Activity.Status.DONE)
    same_size = Counter(peers.filter(municipality__size_class=municipality.size_class).values_list("action_format_id", flat=True))
    same_province = Counter(peers.filter(municipality__province=municipality.province).values_list("action_format_id", flat=True))
    results = []
    for action_format in format_list():
        goals = {g.number for g in action_format.goals.all()}
        matched = sorted(goals & focus)
        score, reasons = 0.0, []
        if matched:
            score += 3 * len(matched)
            reasons.append(
                ngettext("Serves your focus goal %(goals)s.", "Serves your focus goals %(goals)s.", len(matched)) % {"goals": ", ".join(map(str, matched))}
            )
        if same_size[action_format.pk]:
            score += min(same_size[action_format.pk], 5)
            n = same_size[action_format.pk]
            reasons.append(ngettext("Done by %(n)s municipality of your size.", "Done by %(n)s municipalities of your size.", n) % {"n": n})
        if same_province[action_format.pk]:
            score += min(same_province[action_format.pk], 5) * 0.8
            n = same_province[action_format.pk]
            reasons.append(ngettext("Done by %(n)s municipality in your province.", "Done by %(n)s municipalities in your province.", n) % {"n": n})
        if action_format.pk in used:
            score -= 6
            reasons.append(_("You have already planned or done this one."))
        if score > 0:
            results.append(Suggestion(action_format, score, reasons))
    results.sort(key=lambda s: (-s.score, s.action_format.title_nl))
    return results[:limit]


# --- practice examples ------------------------------------------------------------------------------

ATTACHMENT_TYPES = {".pdf": b"%PDF-", ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".docx": b"PK\x03\x04", ".pptx": b"PK\x03\x04", ".odt": b"PK\x03\x04"}


def example_save(*, municipality, user, data: dict, example: PracticeExample | None = None) -> PracticeExample:
    """Save the draft (nothing is sent). Only drafts and examples with requested changes can be edited."""
    if example is not None:
        _own(municipality, example)
        if not example.editable:
            raise ServiceError(_("This example has been sent in and is with the campaign team; it cannot be changed now."))
    else:
        example = PracticeExample(municipality=municipality, created_by=user)
    example.title = (data.get("title") or "").strip() or _("Untitled practice example")
    for question in PracticeExample.QUESTIONS:
        setattr(example, question, data.get(question, ""))
    with transaction.atomic():
        example.save()
        example.goals.set(data.get("goals", []))
    return example


def attachment_add(*, municipality, example: PracticeExample, upload) -> Attachment:
    _own(municipality, example)
    if not example.editable:
        raise ServiceError(_("This example has been sent in and is with the campaign team; it cannot be changed now."))
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ServiceError(_("The file %(name)s is larger than 10 MB. Nothing else was lost: add a smaller file.") % {"name": upload.name})
    extension = Path(upload.name).suffix.lower()
    head = upload.read(16)
    upload.seek(0)
    if extension not in ATTACHMENT_TYPES or not head.startswith(ATTACHMENT_TYPES[extension]):
        raise ServiceError(_("The file %(name)s is not a PDF, Word, PowerPoint, OpenDocument, PNG or JPEG file.") % {"name": upload.name})
    is_image = extension in (".png", ".jpg", ".jpeg")
    if is_image:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ServiceError(_("The file %(name)s is not an image we can read.") % {"name": upload.name}) from error
        upload.seek(0)
    attachment = Attachment(example=example, name=Path(upload.name).name[:200], is_image=is_image)
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    attachment.save()
    return attachment


def example_submit(*, municipality, user, example: PracticeExample) -> ExampleVersion:
    """Freeze the draft as a new version and send it to the campaign team."""
    _own(municipality, example)
    if not example.editable:
        raise ServiceError(_("This version has already been sent in."))
    if not example.title.strip() or example.word_count < 50:
        raise ServiceError(_("Answer the questions before sending in (the guideline is %(low)s to %(high)s words).") % {"low": EXAMPLE_WORDS[0], "high": EXAMPLE_WORDS[1]})
    with transaction.atomic():
        locked = PracticeExample.objects.select_for_update().get(pk=example.pk)
        if not locked.editable:
            raise ServiceError(_("This version has already been sent in."))
        locked.version += 1
        version = ExampleVersion.objects.create(
            example=locked,
            number=locked.version,
            title=example.title,
            goal_numbers=sorted(example.goals.values_list("number", flat=True)),
            answers={q: getattr(example, q) for q in PracticeExample.QUESTIONS},
            word_count=example.word_count,
            submitted_by=user,
        )
        locked.status = PracticeExample.Status.SUBMITTED
        locked.save(update_fields=["version", "status", "updated_at"])
        ModerationEvent.objects.create(example=locked, version=locked.version, status=locked.status, actor=user)
        admin_url = settings.SITE_URL.rstrip("/") + reverse("admin:menukaart_practiceexample_change", args=[locked.pk])
        transaction.on_commit(
            lambda: send_templated_email(
                to=[settings.CAMPAIGN_TEAM_EMAIL],
                template="menukaart/email/example_submitted",
                context={"example": locked, "version": version, "url": admin_url},
                language="nl",
            )
        )
    example.refresh_from_db()
    return version


TRANSITIONS = {
    PracticeExample.Status.IN_REVIEW: {PracticeExample.Status.SUBMITTED},
    PracticeExample.Status.CHANGES_REQUESTED: {PracticeExample.Status.SUBMITTED, PracticeExample.Status.IN_REVIEW},
    PracticeExample.Status.PUBLISHED: {PracticeExample.Status.SUBMITTED, PracticeExample.Status.IN_REVIEW},
    PracticeExample.Status.DECLINED: {PracticeExample.Status.SUBMITTED, PracticeExample.Status.IN_REVIEW},
}


def example_moderate(
    *, example: PracticeExample, version: int, status: str, actor, message: str = "", attach_to: ActionFormat | None = None, new_format_category=None
) -> PracticeExample:
    """A moderator's step on a given version. Refused when the municipality has sent in a newer
    version meanwhile (or another moderator acted first), so a decision is never taken on text the
    moderator has not read. Publishing attaches the example to a format, or makes a new format."""
    with transaction.atomic():
        locked = PracticeExample.objects.select_for_update().get(pk=example.pk)
        if locked.version != version:
            raise ServiceError(
                _("The municipality has sent in version %(new)s since you opened version %(old)s. Read the new version first.")
                % {"new": locked.version, "old": version}
            )
        if locked.status not in TRANSITIONS.get(status, set()):
            raise ServiceError(
                _("This example is now '%(current)s'; it cannot become '%(new)s'. Someone may have acted on it already.")
                % {"current": locked.get_status_display(), "new": PracticeExample.Status(status).label}
            )
        if status == PracticeExample.Status.CHANGES_REQUESTED and not message.strip():
            raise ServiceError(_("Say which changes you ask for: the message goes to the municipality."))
        if status == PracticeExample.Status.PUBLISHED:
            locked.action_format = attach_to or _format_from_example(locked, new_format_category)
        locked.status = status
        locked.save(update_fields=["status", "action_format", "updated_at"])
        ModerationEvent.objects.create(example=locked, version=version, status=status, message=message.strip(), actor=actor)
        sender = locked.created_by
        if sender is not None and sender.is_active:
            url = settings.SITE_URL.rstrip("/") + reverse("menukaart_workspace:example", kwargs={"slug": locked.municipality.slug, "pk": locked.pk})
            transaction.on_commit(
                lambda: send_templated_email(
                    to=[sender.email],
                    template="menukaart/email/example_moderated",
                    context={"example": locked, "message": message.strip(), "url": url, "person": sender},
                    language=sender.language,
                )
            )
    return locked


def _format_from_example(example: PracticeExample, category) -> ActionFormat:
    if category is None:
        raise ServiceError(_("Choose an existing format to attach the example to, or a category for a new format."))
    version = example.versions.get(number=example.version)
    answers = version.answers
    base = slugify(version.title)[:100] or "praktijkvoorbeeld"
    slug, n = base, 1
    while ActionFormat.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    summary = (answers.get("q_policy") or answers.get("q_integral") or "")[:500]
    description = "\n\n".join(f"## {PracticeExample._meta.get_field(q).verbose_name}\n\n{answers.get(q, '')}" for q in PracticeExample.QUESTIONS if answers.get(q))
    action_format = ActionFormat.objects.create(
        slug=slug,
        category=category,
        title_nl=version.title,
        title_en=version.title,
        summary_nl=summary,
        summary_en=summary,
        description_nl=description + f"\n\n*{_('Practice example of %(name)s') % {'name': example.municipality.display_name}}*",
        audience="residents",
        effort="medium",
        cost="low",
        from_example=example,
    )
    action_format.goals.set(Goal.objects.filter(number__in=version.goal_numbers))
    return action_format


# --- the award ---------------------------------------------------------------------------------------


def award_enter(*, municipality, example: PracticeExample, award_round, category) -> Entry:
    _own(municipality, example)
    if example.status != PracticeExample.Status.PUBLISHED:
        raise ServiceError(_("Only published examples can be entered for the award."))
    if not award_round.entries_open:
        raise ServiceError(_("Entries for the %(year)s award are closed.") % {"year": award_round.year})
    entry, _created = Entry.objects.get_or_create(award_round=award_round, example=example, defaults={"category": category})
    return entry


def award_score(*, juror, entry: Entry, criterion, value: int) -> Score:
    if not entry.award_round.jury.filter(pk=juror.pk).exists():
        raise ServiceError(_("Only members of this year's jury can score."))
    if not 1 <= int(value) <= 10:
        raise ServiceError(_("A score is a whole number from 1 to 10."))
    score, _created = Score.objects.update_or_create(entry=entry, juror=juror, criterion=criterion, defaults={"value": int(value)})
    return score


@dataclass
class Result:
    entry: Entry
    total: float
    rank: int
    tied: bool
    jurors: int


def award_results(award_round) -> dict:
    """Per category: entries ranked by the mean over jurors of the weighted sum of their scores.
    Equal totals share a rank and are marked as a tie."""
    weights = {c.pk: c.weight for c in award_round.criteria.all()}
    entries = list(award_round.entries.select_related("category", "example__municipality").annotate(n=Count("scores")))
    per_juror = defaultdict(lambda: defaultdict(float))
    for score in Score.objects.filter(entry__award_round=award_round).values("entry_id", "juror_id", "criterion_id", "value"):
        per_juror[score["entry_id"]][score["juror_id"]] += score["value"] * weights.get(score["criterion_id"], 1)
    by_category = defaultdict(list)
    for entry in entries:
        jurors = per_juror[entry.pk]
        total = round(sum(jurors.values()) / len(jurors), 2) if jurors else 0.0
        by_category[entry.category].append((entry, total, len(jurors)))
    results = {}
    for category, items in by_category.items():
        items.sort(key=lambda item: (-item[1], item[0].example.municipality.display_name))
        totals = Counter(total for _entry, total, _n in items)
        ranked, previous, rank = [], None, 0
        for index, (entry, total, jurors) in enumerate(items, start=1):
            if total != previous:
                rank, previous = index, total
            ranked.append(Result(entry, total, rank, totals[total] > 1, jurors))
        results[category] = ranked
    return dict(sorted(results.items(), key=lambda kv: kv[0].pk))
