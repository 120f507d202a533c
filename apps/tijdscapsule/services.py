"""Tijdscapsule business rules: requesting and deciding visits (no double bookings, transport days),
reminders, wishes (checked, sealed, rate-limited, moderated), the opening and the booklets.

Every function that depends on the date takes ``today`` (default: the local date), so tests can
move the clock."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.exceptions import ServiceError
from apps.core.mail import send_templated_email

from . import crypto
from .models import BlockedDay, Booklet, Capsule, Reminder, Visit, Wish

WISH_MAX_CHARS = 2000
NAME_MAX_CHARS = 100
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
VISIT_MAX_DAYS = 14
WISH_DAYS_AFTER = 7  # wishes are accepted from the first day of a visit until a week after it
LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(nl|com|net|org|ru|io|xyz|info|biz)\b)", re.IGNORECASE)
# Held for moderation when a wish contains one of these (lower case, whole words; Dutch and English)
WORD_LIST = frozenset(
    {"kanker", "kankerlijer", "tering", "tyfus", "klootzak", "kut", "lul", "hoer", "hoerenzoon", "mongool", "debiel", "neuken", "fuck", "fucking"}
    | {"shit", "bitch", "nazi", "hitler", "viagra", "casino", "bitcoin", "porn", "porno"}
)


class Sealed(ServiceError):
    """The capsule is not open yet."""


class VisitConflict(ServiceError):
    pass


class PhotoError(ServiceError):
    pass


class LeadTimeError(ServiceError):
    """The first day is too soon: the team needs time to plan the transport."""


def lead_days() -> int:
    return settings.TIJDSCAPSULE_MIN_LEAD_DAYS


def earliest_request_date(*, today: dt.date | None = None) -> dt.date:
    """The first day a new request may start on (``TIJDSCAPSULE_MIN_LEAD_DAYS`` from today)."""
    return (today or today_local()) + dt.timedelta(days=lead_days())


def wish_window(visit: Visit) -> tuple[dt.date, dt.date]:
    """The days on which wishes for this visit are accepted: its first day to a week after its last."""
    return visit.start_date, visit.end_date + dt.timedelta(days=WISH_DAYS_AFTER)


def today_local() -> dt.date:
    return timezone.localdate()


def is_open(capsule: Capsule, *, today: dt.date | None = None) -> bool:
    """Has the opening day come? Never before the date the wishes were sealed until (``opens_on``)."""
    return (today or today_local()) >= capsule.opens_on


def capsule_set_opening_date(*, capsule: Capsule, opening_date: dt.date) -> Capsule:
    """Move the opening date: later is always possible, earlier only while no wish is sealed."""
    from django.core.exceptions import ValidationError

    capsule.opening_date = opening_date
    try:
        capsule.full_clean()
        capsule.save()
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    return capsule


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _d(day: dt.date) -> str:
    return date_format(day, "j F Y")


# --- availability ------------------------------------------------------------------------------


def blocked_between(capsule: Capsule, start: dt.date, end: dt.date) -> list[BlockedDay]:
    return list(BlockedDay.objects.filter(capsule=capsule, day__range=(start, end)).select_related("visit__municipality").order_by("day"))


def _needed_days(capsule: Capsule, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The visit's days and the transport days after it."""
    days = [(day, BlockedDay.Kind.VISIT) for day in _days(start, end)]
    days += [(end + dt.timedelta(days=n), BlockedDay.Kind.TRANSPORT) for n in range(1, capsule.transport_days + 1)]
    return days


def availability_problem(capsule: Capsule, start: dt.date, end: dt.date, *, exclude_visit: Visit | None = None) -> str | None:
    """Why the capsule cannot come on these dates (the days themselves, or the transport days
    before and after them are taken), or None."""
    last = end + dt.timedelta(days=capsule.transport_days)
    clash = [b for b in blocked_between(capsule, start, last) if exclude_visit is None or b.visit_id != exclude_visit.pk]
    if not clash:
        return None
    first = clash[0]
    return _(
        "The capsule is not available then: it is with %(municipality)s around %(day)s, and %(transport)s transport days are reserved before and after every visit. Choose other dates; the calendar shows the free days."
    ) % {"municipality": first.visit.municipality.display_name, "day": _d(first.day), "transport": capsule.transport_days}


def _check_dates(capsule: Capsule, start: dt.date | None, end: dt.date | None, *, today: dt.date, allow_past: bool = False) -> None:
    if not start or not end:
        raise ServiceError(_("Give the first and the last day of the visit."))
    if end < start:
        raise ServiceError(_("The last day is before the first day."))
    if start < today and not allow_past:
        raise ServiceError(_("The first day is in the past. Choose a date from today on."))
    if (end - start).days + 1 > VISIT_MAX_DAYS:
        raise ServiceError(_("A visit lasts at most %(days)s days.") % {"days": VISIT_MAX_DAYS})
    if end >= capsule.opening_date:
        raise ServiceError(_("The capsule is opened on %(date)s; visits must end before then.") % {"date": _d(capsule.opening_date)})


# --- visits --------------------------------------------------------------------------------------


def _own(municipality, visit: Visit) -> None:
    if visit.municipality_id != municipality.pk:
        raise ServiceError(_("This belongs to another municipality."))


def visit_request(*, municipality, user, data: dict, today: dt.date | None = None) -> Visit:
    """A member municipality asks for a visit. The dates are checked against the calendar now, but
    only confirmation books them."""
    from apps.membership.models import Membership

    today = today or today_local()
    capsule = Capsule.current()
    if not Membership.objects.filter(municipality=municipality).exists():
        raise ServiceError(_("Only Global Goals municipalities can book the Tijdscapsule. Join the campaign first."))
    if not capsule.accepting_requests:
        raise ServiceError(_("The campaign team is not taking new requests at the moment."))
    start, end = data.get("start_date"), data.get("end_date")
    _check_dates(capsule, start, end, today=today)
    earliest = earliest_request_date(today=today)
    if start < earliest:
        raise LeadTimeError(
            _("Ask at least %(days)s days ahead, so the campaign team can plan the transport: choose %(date)s or later as the first day.")
            % {"days": lead_days(), "date": _d(earliest)}
        )
    problem = availability_problem(capsule, start, end)
    if problem:
        raise VisitConflict(problem)
    fields = ["title", "event_type", "address", "expected_audience", "contact_name", "contact_email", "contact_phone", "notes"]
    visit = Visit(
        capsule=capsule,
        municipality=municipality,
        requested_by=user,
        start_date=start,
        end_date=end,
        **{f: data.get(f) or "" for f in fields if f != "expected_audience"},
    )
    visit.expected_audience = data.get("expected_audience") or 0
    with transaction.atomic():
        visit.save()
        url = _site(reverse("admin:tijdscapsule_visit_change", args=[visit.pk]))
        transaction.on_commit(
            lambda: send_templated_email(
                to=[settings.CAMPAIGN_TEAM_EMAIL], template="tijdscapsule/email/visit_requested", context={"visit": visit, "url": url}, language="nl"
            )
        )
        transaction.on_commit(lambda: _acknowledge(visit))
    return visit


def _block(visit: Visit, start: dt.date, end: dt.date) -> None:
    """Write the blocked days in a savepoint; a taken day (also one taken by a transaction that
    commits at this very moment) violates the unique constraint and becomes a clear message."""
    capsule = visit.capsule
    rows = [BlockedDay(capsule=capsule, visit=visit, day=day, kind=kind) for day, kind in _needed_days(capsule, start, end)]
    try:
        with transaction.atomic():
            BlockedDay.objects.bulk_create(rows)
    except IntegrityError as error:
        problem = availability_problem(capsule, start, end, exclude_visit=visit)
        raise VisitConflict(
            problem or _("Another visit was confirmed for these days at the same moment. Reload the calendar and choose other dates.")
        ) from error


def visit_confirm(*, visit: Visit, actor, message: str = "", today: dt.date | None = None, allow_past: bool = False, notify: bool = True) -> Visit:
    """The campaign team confirms a request on its own dates, or the municipality accepts the
    dates the team proposed. Books the days (BlockedDay), sends the confirmation with the .ics
    file and schedules the reminders."""
    today = today or today_local()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("capsule", "municipality").get(pk=visit.pk)
        if locked.status == Visit.Status.PROPOSED:
            locked.start_date, locked.end_date = locked.proposed_start, locked.proposed_end
        elif locked.status != Visit.Status.REQUESTED:
            raise ServiceError(
                _("This visit is now '%(status)s'; it cannot be confirmed. Someone may have acted on it already.")
                % {"status": locked.get_status_display()}
            )
        _check_dates(locked.capsule, locked.start_date, locked.end_date, today=today, allow_past=allow_past)
        _block(locked, locked.start_date, locked.end_date)
        locked.status = Visit.Status.CONFIRMED
        locked.proposed_start = locked.proposed_end = None
        if message.strip():
            locked.team_message = message.strip()
        locked.decided_at = timezone.now()
        locked.save()
        transaction.on_commit(calendar_changed)
        if notify:
            transaction.on_commit(lambda: _send_confirmation(locked))
            transaction.on_commit(lambda: reminders_schedule(visit=locked))
    visit.refresh_from_db()
    return locked


def visit_propose(*, visit: Visit, actor, start: dt.date | None, end: dt.date | None, message: str = "", today: dt.date | None = None) -> Visit:
    today = today or today_local()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("capsule", "municipality").get(pk=visit.pk)
        if locked.status not in (Visit.Status.REQUESTED, Visit.Status.PROPOSED):
            raise ServiceError(_("This visit is now '%(status)s'; you cannot propose other dates.") % {"status": locked.get_status_display()})
        _check_dates(locked.capsule, start, end, today=today)
        problem = availability_problem(locked.capsule, start, end)
        if problem:
            raise VisitConflict(problem)
        locked.status = Visit.Status.PROPOSED
        locked.proposed_start, locked.proposed_end = start, end
        locked.team_message = message.strip()
        locked.decided_at = timezone.now()
        locked.save()
        transaction.on_commit(lambda: _notify(locked, "tijdscapsule/email/visit_proposed"))
    return locked


def visit_decline(*, visit: Visit, actor, message: str) -> Visit:
    if not (message or "").strip():
        raise ServiceError(_("Say why the visit is declined: the message goes to the municipality."))
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("municipality").get(pk=visit.pk)
        if locked.status not in (Visit.Status.REQUESTED, Visit.Status.PROPOSED):
            raise ServiceError(_("This visit is now '%(status)s'; it cannot be declined.") % {"status": locked.get_status_display()})
        locked.status = Visit.Status.DECLINED
        locked.team_message = message.strip()
        locked.decided_at = timezone.now()
        locked.save()
        transaction.on_commit(lambda: _notify(locked, "tijdscapsule/email/visit_declined"))
    return locked


def visit_cancel(*, visit: Visit, actor, message: str = "") -> Visit:
    """The team cancels a confirmed visit (or the municipality withdraws): its days are free again."""
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("municipality").get(pk=visit.pk)
        if locked.status in (Visit.Status.DECLINED, Visit.Status.WITHDRAWN, Visit.Status.CANCELLED):
            return locked
        if locked.wishes.exists():
            raise ServiceError(_("Wishes have been left at this visit; it cannot be cancelled any more."))
        was_confirmed = locked.status == Visit.Status.CONFIRMED
        locked.blocked_days.all().delete()
        transaction.on_commit(calendar_changed)
        locked.status = Visit.Status.CANCELLED if was_confirmed else Visit.Status.WITHDRAWN
        if message.strip():
            locked.team_message = message.strip()
        locked.decided_at = timezone.now()
        locked.save()
    return locked


def visit_accept_proposal(*, municipality, user, visit: Visit, today: dt.date | None = None) -> Visit:
    _own(municipality, visit)
    if visit.status != Visit.Status.PROPOSED:
        raise ServiceError(_("There are no proposed dates to accept for this visit."))
    return visit_confirm(visit=visit, actor=user, today=today)


def visit_withdraw(*, municipality, user, visit: Visit) -> Visit:
    _own(municipality, visit)
    if visit.status == Visit.Status.CONFIRMED and visit.start_date <= today_local():
        raise ServiceError(_("This visit has begun or is over; it can no longer be cancelled here. Contact the campaign team."))
    result = visit_cancel(visit=visit, actor=user)
    transaction.on_commit(
        lambda: send_templated_email(
            to=[settings.CAMPAIGN_TEAM_EMAIL], template="tijdscapsule/email/visit_withdrawn", context={"visit": result, "person": user}, language="nl"
        )
    )
    return result


def _language(visit: Visit) -> str:
    person = visit.requested_by
    return getattr(person, "language", "nl") or "nl"


def _workspace_url(visit: Visit) -> str:
    return _site(reverse("tijdscapsule_workspace:visit", kwargs={"slug": visit.municipality.slug, "pk": visit.pk}))


def _notify(visit: Visit, template: str) -> None:
    send_templated_email(
        to=[visit.contact_email], template=template, context={"visit": visit, "url": _workspace_url(visit)}, language=_language(visit)
    )


def _acknowledge(visit: Visit) -> None:
    """The requester hears at once that the request arrived, and what happens next (the contact
    person too, when someone else was named)."""
    recipients = [visit.contact_email]
    requester = getattr(visit.requested_by, "email", "")
    if requester and requester.lower() != visit.contact_email.lower():
        recipients.append(requester)
    send_templated_email(
        to=recipients,
        template="tijdscapsule/email/visit_received",
        context={"visit": visit, "url": _workspace_url(visit), "calendar_url": _site(reverse("tijdscapsule:home"))},
        language=_language(visit),
    )


def _send_confirmation(visit: Visit) -> None:
    language = _language(visit)
    context = {
        "visit": visit,
        "url": _workspace_url(visit),
        "page_url": _site(visit.get_absolute_url()),
        "kit_url": _site(reverse("tijdscapsule:kit")),
    }
    with translation.override(language):
        subject = " ".join(render_to_string("tijdscapsule/email/visit_confirmed_subject.txt", context).split())
        body = render_to_string("tijdscapsule/email/visit_confirmed_body.txt", {"site_url": settings.SITE_URL.rstrip("/"), **context})
    message = EmailMessage(subject=subject, body=body, to=[visit.contact_email])
    message.attach(f"tijdscapsule-{visit.pk}.ics", visit_ical(visit), "text/calendar")
    message.send()


def visit_ical(visit: Visit) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Global Goals Gemeenten//Tijdscapsule//NL")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"tijdscapsule-visit-{visit.pk}@globalgoalsgemeenten")
    event.add("summary", f"Tijdscapsule: {visit.title} ({visit.municipality.display_name})")
    event.add("dtstart", visit.start_date)
    event.add("dtend", visit.end_date + dt.timedelta(days=1))
    event.add("dtstamp", visit.decided_at or timezone.now())
    event.add("location", visit.address)
    event.add("status", "CONFIRMED")
    event.add("url", _site(visit.get_absolute_url()))
    event.add("description", _site(visit.get_absolute_url()))
    calendar.add_component(event)
    return calendar.to_ical()


# --- reminders -------------------------------------------------------------------------------------

REMINDER_DAYS = {Reminder.Kind.FOUR_WEEKS: 28, Reminder.Kind.ONE_WEEK: 7}
REMINDER_MIN_GAP = dt.timedelta(days=4)  # a late reminder is skipped when the next one follows this soon


def reminder_plan(*, visit: Visit, now: dt.datetime | None = None) -> list[tuple[str, dt.datetime | None]]:
    """When each reminder goes out, fitted to the booked date: at 09:00 that many days before the
    first day, never at a moment in the past. A reminder whose moment has passed (a visit confirmed
    at short notice) is sent now (``None``), unless a later reminder follows within
    ``REMINDER_MIN_GAP``; nothing at all once the visit has begun."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    if visit.start_date <= timezone.localtime(now, tz).date():
        return []
    planned: list[tuple[str, dt.datetime | None]] = []
    late = None
    for kind, days in sorted(REMINDER_DAYS.items(), key=lambda kv: -kv[1]):
        moment = dt.datetime.combine(visit.start_date - dt.timedelta(days=days), dt.time(9, 0), tzinfo=tz)
        if moment > now:
            planned.append((kind, moment))
        else:
            late = kind  # the latest reminder whose moment has passed
    if late and not (planned and planned[0][1] - now < REMINDER_MIN_GAP):
        planned.insert(0, (late, None))
    return planned


def reminders_schedule(*, visit: Visit, now: dt.datetime | None = None) -> list[str]:
    """Queue the reminders of :func:`reminder_plan`: the late one now, the others with
    ``run_after``. A backend that cannot defer (tests) gets only the one due now; the others are
    tested by calling the task. Returns the kinds queued."""
    from .tasks import send_reminder

    queued = []
    for kind, moment in reminder_plan(visit=visit, now=now):
        if moment is None:
            send_reminder.enqueue(visit.pk, kind)
        elif send_reminder.get_backend().supports_defer:
            send_reminder.using(run_after=moment).enqueue(visit.pk, kind)
        else:
            continue
        queued.append(kind)
    return queued


def reminder_send(*, visit_id: int, kind: str) -> bool:
    """Send the reminder once: the Reminder row (unique per visit and kind) is written in the same
    transaction as the mail is queued, so a second run finds it and sends nothing."""
    visit = Visit.objects.select_related("municipality", "requested_by").filter(pk=visit_id).first()
    if visit is None or visit.status != Visit.Status.CONFIRMED:
        return False
    days_left = (visit.start_date - today_local()).days
    if days_left <= 0:  # a task that ran late, or dates that moved: no reminder of a visit that has begun
        return False
    try:
        with transaction.atomic():
            Reminder.objects.create(visit=visit, kind=kind)
            context = {
                "visit": visit,
                "kind": kind,
                "days_left": days_left,
                "url": _workspace_url(visit),
                "page_url": _site(visit.get_absolute_url()),
                "poster_url": _site(reverse("tijdscapsule:poster", kwargs={"pk": visit.pk})),
                "kit_url": _site(reverse("tijdscapsule:kit")),
            }
            send_templated_email(to=[visit.contact_email], template="tijdscapsule/email/reminder", context=context, language=_language(visit))
    except IntegrityError:
        return False
    return True


# --- the calendar ---------------------------------------------------------------------------------


@dataclass
class Day:
    date: dt.date
    state: str  # free, visit, transport (after a visit, or on the way to one), past, closed
    visit: Visit | None = None


def calendar_months(*, capsule: Capsule, first: dt.date, months: int = 3, today: dt.date | None = None) -> list[dict]:
    """Month grids (weeks from Monday) from the month of ``first``: one query whatever the bookings."""
    import calendar as cal

    today = today or today_local()
    start = first.replace(day=1)
    month_starts = []
    for _n in range(months):
        month_starts.append(start)
        start = (start + dt.timedelta(days=32)).replace(day=1)
    last = start - dt.timedelta(days=1)
    # the days just before a visit are taken too: the capsule travels there (a visit ending on
    # such a day would leave no transport days, so a request is refused; see availability_problem)
    blocked = {b.day: b for b in blocked_between(capsule, month_starts[0], last + dt.timedelta(days=capsule.transport_days))}
    travel = {}
    for block in blocked.values():
        if block.kind == BlockedDay.Kind.VISIT:
            for n in range(1, capsule.transport_days + 1):
                day = block.day - dt.timedelta(days=n)
                if day not in blocked:
                    travel.setdefault(day, block.visit)
    result = []
    for month in month_starts:
        weeks = []
        for week in cal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
            row = []
            for day in week:
                if day.month != month.month:
                    row.append(None)
                    continue
                block = blocked.get(day)
                if block:
                    row.append(Day(day, block.kind, block.visit))
                elif day < today:
                    row.append(Day(day, "past"))
                elif day >= capsule.opening_date:
                    row.append(Day(day, "closed"))
                elif day in travel:
                    row.append(Day(day, BlockedDay.Kind.TRANSPORT, travel[day]))
                else:
                    row.append(Day(day, "free"))
            weeks.append(row)
        result.append({"month": month, "weeks": weeks})
    return result


def _wish_count_subquery():
    """Accepted wishes of the outer visit, counted per returned row only (a page shows a dozen)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counted = Wish.objects.filter(visit=OuterRef("pk"), status=Wish.Status.ACCEPTED).order_by().values("visit").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def public_visits(*, upcoming: bool | None = None, today: dt.date | None = None):
    today = today or today_local()
    visits = (
        Visit.objects.filter(status=Visit.Status.CONFIRMED)
        .select_related("municipality")
        .defer("municipality__map_path")
        .annotate(wish_count=_wish_count_subquery())
    )
    if upcoming is True:
        visits = visits.filter(end_date__gte=today).order_by("start_date", "pk")
    elif upcoming is False:
        visits = visits.filter(end_date__lt=today).order_by("-start_date", "-pk")
    return visits


# --- wishes ----------------------------------------------------------------------------------------


def wishes_open_for(visit: Visit, *, today: dt.date | None = None) -> bool:
    today = today or today_local()
    return (
        visit.status == Visit.Status.CONFIRMED
        and visit.start_date <= today <= visit.end_date + dt.timedelta(days=WISH_DAYS_AFTER)
        and not is_open(visit.capsule, today=today)
    )


def _flag(text: str, name: str) -> str:
    if LINK.search(text) or LINK.search(name):
        return "link"
    words = set(re.findall(r"\w+", f"{text} {name}".lower()))
    if words & WORD_LIST:
        return "word list"
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return "shouting"
    if re.search(r"(.)\1{9,}", text):
        return "repeated characters"
    return ""


def photo_clean(upload) -> bytes:
    """Checked with Pillow, at most 10 MB, re-encoded: no metadata survives (no location): apps.core.images."""
    from PIL import Image

    from apps.core.images import ImageError, sanitise_image

    if upload.size > PHOTO_MAX_BYTES:
        raise PhotoError(_("The photo is larger than 10 MB. Choose a smaller photo, or leave your wish without one."))
    try:
        with Image.open(upload) as probe:
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise PhotoError(_("The photo has too many pixels. Choose a smaller photo."))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        pass  # sanitise_image below names it unreadable
    try:
        content, _extension = sanitise_image(upload, max_side=1600, quality=82, max_pixels=PHOTO_MAX_PIXELS)
    except ImageError as error:
        raise PhotoError(_("This file is not a photo we can read. Use a JPEG, PNG or WebP photo, or leave your wish without one.")) from error
    return content.read()


# The per-address limit (Capsule.wishes_per_hour) is checked by the view through apps.core.ratelimit,
# keyed by the client's address; this is its message.
WISH_RATE_MESSAGE = gettext_lazy("Many wishes have been sent from this internet address in the past hour. Please wait a while and try again.")


def wish_submit(
    *, visit: Visit, text: str, name: str = "", role: str = "inwoner", goals=(), photo=None, address: str = "", today: dt.date | None = None
) -> Wish:
    """Seal and store a wish. Flagged wishes (links, words from the list, shouting) are held for
    moderation and not counted until released."""
    text = (text or "").strip()
    name = (name or "").strip()
    if not wishes_open_for(visit, today=today):
        raise ServiceError(_("Wishes for this visit cannot be left (any more)."))
    if not text:
        raise ServiceError(_("Write your wish."))
    if len(text) > WISH_MAX_CHARS:
        raise ServiceError(
            _("Your wish has %(n)s characters; at most %(max)s fit in the capsule. Shorten it a little.") % {"n": len(text), "max": WISH_MAX_CHARS}
        )
    if len(name) > NAME_MAX_CHARS:
        raise ServiceError(_("The name is too long (at most %(max)s characters).") % {"max": NAME_MAX_CHARS})
    photo_bytes = photo_clean(photo) if photo else None
    reason = _flag(text, name)
    wish = Wish(
        visit=visit,
        role=role,
        sealed_text=crypto.seal_text(text),
        sealed_name=crypto.seal_text(name),
        status=Wish.Status.HELD if reason else Wish.Status.ACCEPTED,
        flag_reason=reason,
        address_hash=crypto.address_hash(address) if address else "",
    )
    with transaction.atomic():
        if photo_bytes:
            wish.sealed_photo.save(f"{uuid.uuid4().hex}.bin", ContentFile(crypto.seal(photo_bytes)), save=False)
        wish.save()
        if goals:
            wish.goals.set(goals)
        transaction.on_commit(counts_changed)
    counts_changed()
    return wish


def wish_moderate(*, wish: Wish, actor, status: str) -> Wish:
    """Release a held wish (it counts, and is published at the opening) or reject it. Before the
    opening the moderator decides on the reason and the circumstances only, never the text."""
    if status not in (Wish.Status.ACCEPTED, Wish.Status.REJECTED):
        raise ServiceError(_("Choose accept or reject."))
    Wish.objects.filter(pk=wish.pk).update(status=status)
    wish.status = status
    counts_changed()
    return wish


def wish_publish(*, wish: Wish, actor, today: dt.date | None = None) -> Wish:
    """After the opening the campaign team reads each accepted wish; publishing puts it on the
    public page (and in the booklet). Refused before the opening and for wishes not accepted."""
    if not is_open(wish.visit.capsule, today=today):
        raise Sealed(_("The wishes stay sealed until %(date)s.") % {"date": _d(wish.visit.capsule.opens_on)})
    if wish.status != Wish.Status.ACCEPTED:
        raise ServiceError(_("Only an accepted wish can be published."))
    if wish.published_at is None:
        wish.published_at = timezone.now()
        Wish.objects.filter(pk=wish.pk, published_at__isnull=True).update(published_at=wish.published_at)
    return wish


def wish_reveal(*, wish: Wish, today: dt.date | None = None) -> dict:
    """The opened wish. Refused before the opening date, whoever asks."""
    if not is_open(wish.visit.capsule, today=today):
        raise Sealed(_("The wishes stay sealed until %(date)s.") % {"date": _d(wish.visit.capsule.opening_date)})
    return {"text": crypto.unseal_text(wish.sealed_text), "name": crypto.unseal_text(wish.sealed_name)}


def wish_photo(*, wish: Wish, today: dt.date | None = None) -> bytes:
    if not is_open(wish.visit.capsule, today=today):
        raise Sealed(_("The wishes stay sealed until %(date)s.") % {"date": _d(wish.visit.capsule.opening_date)})
    with wish.sealed_photo.open("rb") as handle:
        return crypto.unseal(handle.read())


COUNTS_VERSION_KEY = "tijdscapsule:counts-version"
CALENDAR_VERSION_KEY = "tijdscapsule:calendar-version"


def _bump(key: str) -> None:
    from django.core.cache import cache

    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def calendar_changed() -> None:
    """A visit was confirmed or cancelled: the cached calendar is stale."""
    _bump(CALENDAR_VERSION_KEY)


def calendar_version() -> int:
    from django.core.cache import cache

    return cache.get_or_set(CALENDAR_VERSION_KEY, 1, None)


def counts_changed() -> None:
    """A wish was added or moderated: the cached counts are stale."""
    _bump(COUNTS_VERSION_KEY)


def wish_counts() -> dict:
    """The counts, cached (shared cache) until a wish is added or moderated."""
    from django.core.cache import cache

    version = cache.get_or_set(COUNTS_VERSION_KEY, 1, None)
    key = f"tijdscapsule:counts:{version}:{translation.get_language()}"
    counts = cache.get(key)
    if counts is None:
        counts = _wish_counts()
        cache.set(key, counts, 600)
    return counts


def _wish_counts() -> dict:
    """Counted wishes (accepted) per municipality, per role, per goal: four queries."""
    from apps.goals.models import Goal

    from .models import Role

    accepted = Wish.objects.filter(status=Wish.Status.ACCEPTED)
    per_municipality = list(
        accepted.values("visit__municipality__slug", "visit__municipality__display_name", "visit__municipality__cbs_code")
        .annotate(n=Count("pk"), visits=Count("visit", distinct=True))
        .order_by("-n", "visit__municipality__display_name")
    )
    per_role = dict(accepted.values_list("role").annotate(n=Count("pk")).order_by())
    goals = list(Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number"))
    goal_counts = dict(Wish.goals.through.objects.filter(wish__status=Wish.Status.ACCEPTED).values_list("goal_id").annotate(n=Count("pk")).order_by())
    total = sum(row["n"] for row in per_municipality)
    return {
        "total": total,
        "municipalities": [
            {
                "slug": r["visit__municipality__slug"],
                "name": r["visit__municipality__display_name"],
                "cbs_code": r["visit__municipality__cbs_code"],
                "wishes": r["n"],
                "visits": r["visits"],
            }
            for r in per_municipality
        ],
        "roles": [{"role": value, "label": str(label), "wishes": per_role.get(value, 0)} for value, label in Role.choices],
        "goals": [{"goal": g, "number": g.number, "wishes": goal_counts.get(g.number, 0)} for g in goals],
    }


def opened_wishes(*, municipality, today: dt.date | None = None) -> list[dict]:
    """The municipality's published wishes (accepted, then read and published by the campaign team
    after the opening), opened; Sealed before the opening date."""
    from django.db.models import Prefetch

    from apps.goals.models import Goal

    capsule = Capsule.current()
    if not is_open(capsule, today=today):
        raise Sealed(_("The wishes stay sealed until %(date)s.") % {"date": _d(capsule.opening_date)})
    wishes = (
        Wish.objects.filter(visit__municipality=municipality, status=Wish.Status.ACCEPTED, published_at__isnull=False)
        .select_related("visit__capsule")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number")))
        .order_by("visit__start_date", "created_at", "pk")
    )
    result = []
    for wish in wishes:
        opened = wish_reveal(wish=wish, today=today)
        result.append(
            {
                "wish": wish,
                "visit": wish.visit,
                "text": opened["text"],
                "name": opened["name"],
                "role": wish.get_role_display(),
                "goals": list(wish.goals.all()),
            }
        )
    return result


def booklet_request(*, municipality, today: dt.date | None = None) -> Booklet:
    """Queue the booklet of a municipality (once; a ready booklet is returned as it is)."""
    from .tasks import build_booklet

    capsule = Capsule.current()
    if not is_open(capsule, today=today):
        raise Sealed(_("The wishes stay sealed until %(date)s.") % {"date": _d(capsule.opening_date)})
    with transaction.atomic():
        booklet, created = Booklet.objects.get_or_create(capsule=capsule, municipality=municipality)
        if created or booklet.status == Booklet.Status.FAILED:
            Booklet.objects.filter(pk=booklet.pk).update(status=Booklet.Status.PENDING)
            transaction.on_commit(lambda: build_booklet.enqueue(booklet.pk))
    booklet.refresh_from_db()
    return booklet


def booklet_build(*, booklet_id: int, today: dt.date | None = None) -> Booklet:
    """Task body: the booklet PDF of a municipality's opened wishes, photos included. The photos are
    opened only inside the PDF renderer (``wish-photo:<id>`` resources), never written to disk."""
    from weasyprint import HTML

    from apps.core import pdf

    booklet = Booklet.objects.select_related("municipality", "capsule").get(pk=booklet_id)
    if booklet.status == Booklet.Status.READY:
        return booklet
    try:
        wishes = opened_wishes(municipality=booklet.municipality, today=today)
        by_id = {item["wish"].pk: item["wish"] for item in wishes}

        def photos(url):
            if url.startswith("wish-photo:"):
                wish = by_id[int(url.removeprefix("wish-photo:"))]
                return wish_photo(wish=wish, today=today), "image/jpeg"
            return None  # static files only, as for every PDF of the platform

        with translation.override("nl"):
            html = render_to_string(
                "tijdscapsule/booklet_pdf.html",
                {"municipality": booklet.municipality, "capsule": booklet.capsule, "wishes": wishes, "LANGUAGE_CODE": "nl"},
            )
        data = HTML(string=html, base_url="static:/", url_fetcher=pdf.static_fetcher(extra=photos)).write_pdf(pdf_variant="pdf/ua-1")
    except Exception:
        Booklet.objects.filter(pk=booklet.pk).update(status=Booklet.Status.FAILED)
        raise
    booklet.file.save(f"wensen-{booklet.municipality.slug}.pdf", ContentFile(data), save=False)
    booklet.status = Booklet.Status.READY
    booklet.built_at = timezone.now()
    booklet.save(update_fields=["file", "status", "built_at"])
    return booklet


def kit_build(*, capsule_id: int) -> Capsule:
    """The debate kit as a PDF (from the kit page's template), stored on the capsule."""
    from apps.core.pdf import render_pdf

    capsule = Capsule.objects.get(pk=capsule_id)
    pdf = render_pdf("tijdscapsule/kit_pdf.html", {"capsule": capsule}, language="nl")
    capsule.debate_kit.save("debatkit-tijdscapsule.pdf", ContentFile(pdf), save=False)
    Capsule.objects.filter(pk=capsule.pk).update(debate_kit=capsule.debate_kit.name)
    return capsule


# --- the tour (campaign team) ---------------------------------------------------------------------


def tour(*, today: dt.date | None = None) -> dict:
    """Every visit with its wish counts (one query), split into past, planned and open requests."""
    today = today or today_local()
    visits = list(
        Visit.objects.select_related("municipality")
        .annotate(
            accepted=Count("wishes", filter=Q(wishes__status=Wish.Status.ACCEPTED)),
            held=Count("wishes", filter=Q(wishes__status=Wish.Status.HELD)),
        )
        .order_by("start_date", "pk")
    )
    confirmed = [v for v in visits if v.status == Visit.Status.CONFIRMED]
    return {
        "past": [v for v in confirmed if v.end_date < today],
        "planned": [v for v in confirmed if v.end_date >= today],
        "requests": [v for v in visits if v.status in (Visit.Status.REQUESTED, Visit.Status.PROPOSED)],
        "other": [v for v in visits if v.status in (Visit.Status.DECLINED, Visit.Status.WITHDRAWN, Visit.Status.CANCELLED)],
        "visits": visits,
        "wishes": sum(v.accepted for v in visits),
        "held": sum(v.held for v in visits),
        "municipalities": len({v.municipality_id for v in confirmed}),
        "audience": sum(v.expected_audience for v in confirmed),
    }


def tour_csv(*, today: dt.date | None = None) -> str:
    from apps.core.exports import csv_writer

    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            "id",
            "municipality",
            "cbs_code",
            "status",
            "first_day",
            "last_day",
            "event",
            "event_type",
            "address",
            "expected_audience",
            "wishes",
            "held",
            "contact",
        ]
    )
    for v in tour(today=today)["visits"]:
        writer.writerow(
            [
                v.pk,
                v.municipality.display_name,
                v.municipality.cbs_code,
                v.status,
                v.start_date.isoformat(),
                v.end_date.isoformat(),
                v.title,
                v.event_type,
                v.address,
                v.expected_audience,
                v.accepted,
                v.held,
                v.contact_name,
            ]
        )
    return out.getvalue()
