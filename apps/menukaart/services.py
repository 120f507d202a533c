"""Menukaart business rules: finding formats, planning activities, suggestions, practice examples and
their moderation, and the award."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
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
    """Checked with Pillow, at most 8 MB, re-encoded without metadata (no location data): apps.core.images."""
    from apps.core.images import ImageError, sanitise_image

    _own(municipality, activity)
    if not (caption or "").strip():
        raise ServiceError(_("Describe the photo in a few words (for people who cannot see it)."))
    if upload.size > PHOTO_MAX_BYTES:
        raise ServiceError(_("The photo is larger than 8 MB. Choose a smaller photo."))
    try:
        content, extension = sanitise_image(upload, max_side=2400, quality=85)
    except ImageError as error:
        raise ServiceError(_("This file is not a photo we can read. Use a JPEG, PNG or WebP photo.")) from error
    photo = Photo(activity=activity, caption=caption.strip()[:200])
    photo.image.save(f"photo{extension}", content, save=False)
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


def attachment_add(*, municipality, example: PracticeExample, upload, alt_text: str = "") -> Attachment:
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
    content = upload
    if is_image:
        from apps.core.images import ImageError, sanitise_image

        try:
            content, extension = sanitise_image(upload)  # no EXIF or location data leaves with the example
        except ImageError as error:
            raise ServiceError(_("The file %(name)s is not an image we can read.") % {"name": upload.name}) from error
        if not alt_text.strip():
            raise ServiceError(_("Say what is on the photo %(name)s, for people who cannot see it, and add it again.") % {"name": upload.name})
    attachment = Attachment(example=example, name=Path(upload.name).name[:200], is_image=is_image, alt_text=alt_text.strip()[:250])
    attachment.file.save(f"attachment{extension}", content, save=False)  # stored under a random name (upload_to)
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


def version_sections(version: ExampleVersion) -> list[dict]:
    """The version's answers under their question headings, each with a word diff against the previous
    version (``[(op, words)]``, op "+", "-" or "="), so a moderator sees what changed."""
    import difflib

    previous = ExampleVersion.objects.filter(example_id=version.example_id, number__lt=version.number).order_by("-number").first()
    sections = []
    for question in PracticeExample.QUESTIONS:
        text = version.answers.get(question, "")
        section = {"label": PracticeExample._meta.get_field(question).verbose_name, "text": text, "diff": None, "previous": previous is not None}
        if previous is not None:
            old, new = previous.answers.get(question, "").split(), text.split()
            if old != new:
                diff = []
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
                    if op in ("delete", "replace"):
                        diff.append(("-", " ".join(old[i1:i2])))
                    if op in ("insert", "replace"):
                        diff.append(("+", " ".join(new[j1:j2])))
                    if op == "equal":
                        diff.append(("=", " ".join(old[i1:i2])))
                section["diff"] = diff
        sections.append(section)
    return sections


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


def jury_conflicts(award_round, jurors=None) -> list:
    """Jury members who work for a municipality with an entry in ``award_round`` (a conflict of interest)."""
    from django.contrib.auth import get_user_model

    competing = award_round.entries.values("example__municipality")
    pool = award_round.jury.all() if jurors is None else get_user_model().objects.filter(pk__in=[u.pk for u in jurors])
    return list(pool.filter(municipality__in=competing))


def jury_candidates(award_round=None):
    """Who may sit on a jury: active coaches and campaign team members, never anyone of a municipality
    (a municipality's people could be judging a competitor)."""
    from django.contrib.auth import get_user_model

    from apps.accounts.models import Role

    users = get_user_model().objects.filter(is_active=True, municipality__isnull=True, role__in=[Role.COACH, Role.CAMPAIGN_TEAM])
    if award_round is not None and award_round.pk:
        users = users.exclude(municipality__in=award_round.entries.values("example__municipality"))
    return users.order_by("full_name")


def _may_score(juror, entry: Entry):
    award_round = entry.award_round
    if not award_round.jury.filter(pk=juror.pk).exists():
        raise ServiceError(_("Only members of this year's jury can score."))
    if juror.municipality_id and award_round.entries.filter(example__municipality=juror.municipality_id).exists():
        raise ServiceError(_("You work for a municipality that competes in this round, so you cannot score its entries."))
    if award_round.jury_closed or award_round.results_published:
        raise ServiceError(_("Jury scoring for %(year)s is closed; scores can no longer be changed.") % {"year": award_round.year})


def award_score(*, juror, entry: Entry, criterion, value) -> Score:
    """One score per juror per criterion of the entry's own round; changing it replaces it."""
    _may_score(juror, entry)
    if criterion.award_round_id != entry.award_round_id:
        raise ServiceError(
            _("The criterion %(name)s belongs to the %(other)s award, not to %(year)s.")
            % {"name": criterion.name, "other": criterion.award_round.year, "year": entry.award_round.year}
        )
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 10:
        raise ServiceError(_("A score is a whole number from 1 to 10."))
    score, _created = Score.objects.update_or_create(entry=entry, juror=juror, criterion=criterion, defaults={"value": value})
    return score


def award_score_delete(*, juror, entry: Entry, criterion) -> None:
    _may_score(juror, entry)
    Score.objects.filter(entry=entry, juror=juror, criterion=criterion).delete()


def award_scores_save(*, juror, entry: Entry, values: dict) -> None:
    """Save a juror's scores for an entry at once: ``values`` maps criterion pk to a score, or to
    nothing to delete it. All or nothing."""
    criteria = {c.pk: c for c in entry.award_round.criteria.all()}
    with transaction.atomic():
        for pk, value in values.items():
            criterion = criteria.get(int(pk))
            if criterion is None:
                raise ServiceError(_("This criterion does not belong to the %(year)s award.") % {"year": entry.award_round.year})
            if value in (None, ""):
                award_score_delete(juror=juror, entry=entry, criterion=criterion)
            else:
                award_score(juror=juror, entry=entry, criterion=criterion, value=value)


@dataclass
class Progress:
    entry: Entry
    done: int  # jury members who scored every criterion
    jurors: int
    mine: int  # criteria the asking juror scored
    criteria: int

    @property
    def complete(self) -> bool:
        return self.jurors > 0 and self.done == self.jurors


def jury_progress(award_round, *, juror=None) -> list[Progress]:
    """Per entry: how many jury members scored every criterion of the round (and, for ``juror``, how
    many criteria they scored). Two queries, whatever the number of entries."""
    criteria = set(award_round.criteria.values_list("pk", flat=True))
    jury = set(award_round.jury.values_list("pk", flat=True))
    scored = defaultdict(lambda: defaultdict(set))
    for entry_id, juror_id, criterion_id in Score.objects.filter(entry__award_round=award_round, criterion__in=criteria).values_list("entry_id", "juror_id", "criterion_id"):
        scored[entry_id][juror_id].add(criterion_id)
    progress = []
    for entry in award_round.entries.select_related("category", "example__municipality").order_by("category", "example__title"):
        done = sum(1 for j in jury if criteria and scored[entry.pk][j] >= criteria)
        mine = len(scored[entry.pk][juror.pk]) if juror is not None else 0
        progress.append(Progress(entry, done, len(jury), mine, len(criteria)))
    return progress


def award_close_entries(*, award_round, actor) -> None:
    award_round.entries_open = False
    award_round.save(update_fields=["entries_open"])


def award_close_jury(*, award_round, actor) -> None:
    award_round.jury_closed = True
    award_round.save(update_fields=["jury_closed"])


def award_publish(*, award_round, actor, override: str = ""):
    """Publish the results: only when entries and jury scoring are closed and every jury member scored
    every entry on every criterion, or with a recorded reason to publish anyway."""
    if award_round.results_published:
        raise ServiceError(_("The results of %(year)s have already been published.") % {"year": award_round.year})
    if award_round.entries_open:
        raise ServiceError(_("Close the entries first: the round is still open for entries."))
    if not award_round.jury.exists() or not award_round.criteria.exists():
        raise ServiceError(_("The round needs a jury and criteria before results can be published."))
    if jury_conflicts(award_round):
        names = ", ".join(u.full_name or u.email for u in jury_conflicts(award_round))
        raise ServiceError(_("Jury members with a conflict of interest sit on the jury: %(names)s. Remove them first.") % {"names": names})
    missing = [p for p in jury_progress(award_round) if not p.complete]
    override = override.strip()
    if missing and not override:
        raise ServiceError(
            ngettext(
                "%(n)s entry has not been scored by every jury member. Wait, or give a reason to publish anyway.",
                "%(n)s entries have not been scored by every jury member. Wait, or give a reason to publish anyway.",
                len(missing),
            )
            % {"n": len(missing)}
        )
    award_round.jury_closed = True
    award_round.results_published = True
    award_round.published_at = timezone.now()
    award_round.published_by = actor
    award_round.publish_override = override if missing else ""
    award_round.save(update_fields=["jury_closed", "results_published", "published_at", "published_by", "publish_override"])
    return award_round


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
    # only this round's criteria count (a score on another round's criterion is never added)
    scores = Score.objects.filter(entry__award_round=award_round, criterion__award_round=award_round, juror__in=award_round.jury.all())
    for score in scores.values("entry_id", "juror_id", "criterion_id", "value"):
        per_juror[score["entry_id"]][score["juror_id"]] += score["value"] * weights[score["criterion_id"]]
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
