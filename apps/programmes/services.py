"""Programme business rules: registration with capacity and waiting list, texts with versions and
coaching, session posts, calendars, reminders (each once) and the guide (PDF + web page)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import Role
from apps.core import permissions
from apps.core.exceptions import ServiceError
from apps.core.mail import send_templated_email
from apps.core.permissions import Perm, has_perm

from .models import (
    Chapter,
    Comment,
    Deliverable,
    Guide,
    Post,
    Programme,
    Registration,
    SentReminder,
    Session,
    Submission,
    SubmissionVersion,
)

logger = logging.getLogger(__name__)

SESSION_REMINDER_BEFORE = dt.timedelta(days=1)
DEADLINE_REMINDER_BEFORE = dt.timedelta(days=7)
TEXT_MAX_CHARS = 20_000
POST_MAX_CHARS = 4000


def optional(module: str, name: str):
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


# --- who may do what ------------------------------------------------------------------------------


# The rules themselves are in apps.core.permissions (acts_for, may_register, may_review, may_edit_participation,
# may_comment); the services below ask that module and add the programme's domain rules (dates, places).
acts_for = permissions.acts_for


# --- registration ---------------------------------------------------------------------------------


def _registration_emails(registration: Registration) -> list[str]:
    emails = {registration.contact_email.lower()} if registration.contact_email else set()
    if registration.registered_by_id and registration.registered_by.email:
        emails.add(registration.registered_by.email.lower())
    if registration.participant_id:
        emails.add(registration.participant.email.lower())
    return sorted(emails)


def _language(registration: Registration) -> str:
    person = registration.participant or registration.registered_by
    return getattr(person, "language", "nl") or "nl"


def _notify(registration: Registration, template: str, **context) -> None:
    url = _site() + reverse(
        "programmes_workspace:programme", kwargs={"slug": registration.municipality.slug, "programme": registration.programme.slug}
    )
    send_templated_email(
        to=_registration_emails(registration),
        template=f"programmes/email/{template}",
        context={"registration": registration, "programme": registration.programme, "url": url, **context},
        language=_language(registration),
    )


def registration_check(*, programme: Programme, municipality, user, today: dt.date | None = None) -> None:
    """Raise ServiceError with the reason why ``user`` cannot register ``municipality`` now."""
    today = today or timezone.localdate()
    if not programme.published:
        raise ServiceError(_("This programme is not open for registration."))
    if not permissions.may_register(user, programme, municipality):
        raise ServiceError(
            _("Only someone who works for %(municipality)s (a member or coordinator) can register it for a programme.")
            % {"municipality": municipality.display_name}
        )
    if programme.registration_opens and today < programme.registration_opens:
        raise ServiceError(_("Registration opens on %(date)s.") % {"date": _day(programme.registration_opens)})
    if programme.registration_closes and today > programme.registration_closes:
        raise ServiceError(
            _("Registration closed on %(date)s. Ask the campaign team whether a place is still possible.")
            % {"date": _day(programme.registration_closes)}
        )
    if programme.eligibility == Programme.Eligibility.MEMBERS and not hasattr(municipality, "membership"):
        raise ServiceError(_("This programme is for member municipalities of the campaign only."))
    if programme.is_cohort:
        young = optional("apps.youngchallengers.models", "YoungChallenger")
        if young is None or not young.objects.filter(user=user, municipality=municipality).exists():
            raise ServiceError(_("This cohort is for YoungChallengers: ask your coordinator to nominate you first."))


def registration_create(*, programme: Programme, municipality, user, contact_email: str = "", motivation: str = "", focus: str = "") -> Registration:
    """Register (or register again after a cancellation). Places are counted under a row lock on the
    programme, so two registrations at the same moment can never both take the last place: the
    second goes onto the waiting list. A second registration is refused by a unique constraint."""
    registration_check(programme=programme, municipality=municipality, user=user)
    participant = user if programme.is_cohort else None
    try:
        with transaction.atomic():
            Programme.objects.select_for_update().get(pk=programme.pk)
            lookup = (
                {"programme": programme, "participant": participant}
                if participant
                else {"programme": programme, "municipality": municipality, "participant": None}
            )
            existing = Registration.objects.select_for_update().filter(**lookup).first()
            if existing and existing.status != Registration.Status.CANCELLED:
                raise ServiceError(
                    _("%(who)s is already registered for this programme (%(status)s).")
                    % {"who": participant.full_name if participant else municipality.display_name, "status": existing.get_status_display().lower()}
                )
            active = Registration.objects.filter(programme=programme, status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED]).count()
            full = programme.capacity is not None and active >= programme.capacity
            status = Registration.Status.WAITLISTED if full else Registration.Status.PENDING
            registration = existing or Registration(programme=programme, municipality=municipality, participant=participant)
            registration.status = status
            registration.registered_by = user
            registration.contact_email = (contact_email or user.email).strip()
            registration.motivation = (motivation or "").strip()[:2000]
            registration.focus = (focus or "").strip()[:300]
            registration.decided_at = None
            registration.save()
    except IntegrityError as error:
        raise ServiceError(_("This registration has already been received.")) from error
    _notify(registration, "registered")
    send_templated_email(
        to=[settings.CAMPAIGN_TEAM_EMAIL],
        template="programmes/email/team_registered",
        context={
            "registration": registration,
            "programme": programme,
            "url": _site() + reverse("admin:programmes_registration_change", args=[registration.pk]),
        },
        language="nl",
    )
    return registration


def registration_confirm(*, registration: Registration) -> Registration:
    """The team confirms a place; refused when the confirmed places are all taken."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=registration.programme_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CONFIRMED:
            return registration
        confirmed = Registration.objects.filter(programme=programme, status=Registration.Status.CONFIRMED).count()
        if programme.capacity is not None and confirmed >= programme.capacity:
            raise ServiceError(
                _("All %(n)s places are taken: place this registration on the waiting list, or give the programme more places.")
                % {"n": programme.capacity}
            )
        registration.status = Registration.Status.CONFIRMED
        registration.decided_at = timezone.now()
        registration.save(update_fields=["status", "decided_at"])
    _notify(registration, "confirmed")
    reminders_schedule(programme=registration.programme)
    return registration


def registration_waitlist(*, registration: Registration) -> Registration:
    if registration.status == Registration.Status.WAITLISTED:
        return registration
    registration.status = Registration.Status.WAITLISTED
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_at"])
    _notify(registration, "waitlisted")
    return registration


def registration_cancel(*, registration: Registration) -> Registration:
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decided_at"])
    _notify(registration, "cancelled")
    return registration


def registration_set_focus(*, registration: Registration, user, focus: str) -> Registration:
    if not permissions.may_edit_participation(user, registration):
        raise ServiceError(_("Only someone who works for the municipality can change its focus."))
    focus = (focus or "").strip()
    if not focus:
        raise ServiceError(_("Describe the focus you chose in a few words."))
    registration.focus = focus[:300]
    registration.save(update_fields=["focus"])
    return registration


# --- texts (deliverables) -------------------------------------------------------------------------


def submission_for(*, deliverable: Deliverable, registration: Registration) -> Submission:
    submission, _created = Submission.objects.get_or_create(deliverable=deliverable, registration=registration)
    return submission


def _words(text: str) -> int:
    return len((text or "").split())


def submission_save(*, submission: Submission, user, data: dict) -> Submission:
    """Save the draft. After acceptance (or while the coach reads a version) the text is locked."""
    if not permissions.may_edit_participation(user, submission.registration):
        raise ServiceError(_("Only someone who works for the municipality can write its text."))
    if submission.status == Submission.Status.ACCEPTED:
        raise ServiceError(_("This text has been accepted and can no longer be changed. Ask the campaign team if something must still be corrected."))
    if submission.status == Submission.Status.SUBMITTED:
        raise ServiceError(_("Version %(n)s is with the coach. You can change the text again when they ask for changes.") % {"n": submission.version})
    text = data.get("text", submission.text) or ""
    text_en = data.get("text_en", submission.text_en) or ""
    if len(text) > TEXT_MAX_CHARS or len(text_en) > TEXT_MAX_CHARS:
        raise ServiceError(
            _("The text is longer than %(n)s characters. Shorten it; nothing has been saved yet.") % {"n": f"{TEXT_MAX_CHARS:,}".replace(",", ".")}
        )
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not locked.editable:
            raise ServiceError(_("This text has just been sent in or accepted; reload the page."))
        for name in ("title", "text", "title_en", "text_en"):
            if name in data:
                setattr(locked, name, (data[name] or "").strip() if name.startswith("title") else (data[name] or "").replace("\r\n", "\n").strip())
        locked.save()
        if "goals" in data:
            locked.goals.set(data["goals"])
    return locked


def submission_submit(*, submission: Submission, user, now: dt.datetime | None = None) -> SubmissionVersion:
    """Send in the draft as a new, immutable version. After the deadline it is accepted and marked late."""
    now = now or timezone.now()
    if not permissions.may_edit_participation(user, submission.registration):
        raise ServiceError(_("Only someone who works for the municipality can send in its text."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("deliverable").get(pk=submission.pk)
        if submission.status == Submission.Status.ACCEPTED:
            raise ServiceError(
                _("This text has been accepted and can no longer be changed. Ask the campaign team if something must still be corrected.")
            )
        if submission.status == Submission.Status.SUBMITTED:
            raise ServiceError(_("Version %(n)s has already been sent in; the coach is reading it.") % {"n": submission.version})
        if not submission.title.strip() or not submission.text.strip():
            raise ServiceError(_("Give the text a title and write the text before you send it in."))
        late = now > submission.deliverable.deadline_at
        submission.version += 1
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=submission.version,
            title=submission.title,
            text=submission.text,
            title_en=submission.title_en,
            text_en=submission.text_en,
            word_count=submission.word_count,
            late=late,
            submitted_by=user,
            submitted_at=now,
        )
        submission.status = Submission.Status.SUBMITTED
        submission.late = submission.late or late
        submission.submitted_at = submission.submitted_at or now
        submission.save(update_fields=["version", "status", "late", "submitted_at", "updated_at"])
    registration = submission.registration
    url = _site() + reverse(
        "programmes_workspace:deliverable",
        kwargs={"slug": registration.municipality.slug, "programme": registration.programme.slug, "pk": submission.deliverable_id},
    )
    send_templated_email(
        to=[settings.CAMPAIGN_TEAM_EMAIL, *_coach_emails(registration)],
        template="programmes/email/text_submitted",
        context={"submission": submission, "version": version, "url": url},
        language="nl",
    )
    return version


def coaches_of(registration: Registration):
    """The coaches who actually exist for this participation (active, with current access); may be none."""
    from apps.accounts.models import AccessGrant, User

    today = timezone.localdate()
    grants = AccessGrant.objects.filter(municipality=registration.municipality, user__role=Role.COACH, user__is_active=True).exclude(
        valid_until__lt=today
    )
    assigned = Q(pk__in=grants.values("user")) | Q(coached_programmes=registration.programme_id, role=Role.COACH)
    if registration.coach_id:
        assigned |= Q(pk=registration.coach_id)
    return User.objects.filter(assigned, is_active=True).distinct().order_by("full_name")


def _coach_emails(registration: Registration) -> list[str]:
    return sorted(set(coaches_of(registration).values_list("email", flat=True)))


def submission_comment(*, submission: Submission, user, body: str, paragraph: int | None = None) -> Comment:
    """A comment in the thread, by a participant or a coach; optionally on one paragraph."""
    if not permissions.may_comment(user, submission.registration):
        raise ServiceError(_("Only the municipality and its coach can comment on this text."))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a comment first."))
    if len(body) > 4000:
        raise ServiceError(_("A comment can be at most 4,000 characters."))
    if paragraph is not None:
        version = submission.versions.filter(number=submission.version).first()
        count = len(version.paragraphs()) if version else len(submission.paragraphs())
        if not 1 <= paragraph <= max(count, 1):
            raise ServiceError(_("That paragraph does not exist (any more) in this text."))
    comment = Comment.objects.create(submission=submission, version=submission.version, paragraph=paragraph, body=body, author=user)
    if permissions.may_review(user, submission.registration):
        _notify_text(submission, "text_comment", comment=comment)
    return comment


def _notify_text(submission: Submission, template: str, **context) -> None:
    registration = submission.registration
    url = _site() + reverse(
        "programmes_workspace:deliverable",
        kwargs={"slug": registration.municipality.slug, "programme": registration.programme.slug, "pk": submission.deliverable_id},
    )
    send_templated_email(
        to=_registration_emails(registration),
        template=f"programmes/email/{template}",
        context={"submission": submission, "url": url, **context},
        language=_language(registration),
    )


def submission_review(*, submission: Submission, user, decision: str, message: str = "", version: int | None = None) -> Submission:
    """The coach (or team) asks for changes or accepts the version sent in. ``version`` guards against
    deciding on a version other than the one the reviewer read."""
    if not permissions.may_review(user, submission.registration):
        raise ServiceError(_("Only a coach of this municipality or the campaign team can review this text."))
    if decision not in (Submission.Status.CHANGES_REQUESTED, Submission.Status.ACCEPTED):
        raise ServiceError(_("Choose whether you accept the text or ask for changes."))
    message = (message or "").strip()
    if decision == Submission.Status.CHANGES_REQUESTED and not message:
        raise ServiceError(_("Tell the municipality which changes you ask for."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.SUBMITTED:
            raise ServiceError(
                _("There is no version waiting for review (the text is '%(status)s').") % {"status": submission.get_status_display().lower()}
            )
        if version is not None and version != submission.version:
            raise ServiceError(_("A newer version (%(n)s) has been sent in since you opened the page. Read it first.") % {"n": submission.version})
        submission.status = decision
        if decision == Submission.Status.ACCEPTED:
            submission.accepted_at = timezone.now()
        submission.save(update_fields=["status", "accepted_at", "updated_at"])
        comment = Comment.objects.create(submission=submission, version=submission.version, kind=decision, body=message[:4000], author=user)
    _notify_text(submission, "text_reviewed", comment=comment)
    return submission


def submission_reopen(*, submission: Submission) -> Submission:
    """Back office only: unlock an accepted text for a correction."""
    if submission.status == Submission.Status.ACCEPTED:
        submission.status = Submission.Status.CHANGES_REQUESTED
        submission.save(update_fields=["status", "updated_at"])
    return submission


# --- session pages --------------------------------------------------------------------------------


def post_create(*, session: Session, registration: Registration, user, kind: str, body: str) -> Post:
    if registration.status != Registration.Status.CONFIRMED or registration.programme_id != session.programme_id:
        raise ServiceError(_("Only confirmed participants of this programme can post here."))
    if not permissions.may_comment(user, registration):
        raise ServiceError(_("Only participants and coaches can post here."))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write something first."))
    if len(body) > POST_MAX_CHARS:
        raise ServiceError(_("A post can be at most 4,000 characters."))
    if kind not in Post.Kind.values:
        kind = Post.Kind.NOTE
    municipality = registration.municipality if acts_for(user, registration.municipality) else None
    recent = Post.objects.filter(session=session, author=user, body=body, created_at__gte=timezone.now() - dt.timedelta(minutes=5)).first()
    if recent:
        return recent  # a double click
    return Post.objects.create(session=session, municipality=municipality, author=user, kind=kind, body=body)


# --- calendars ------------------------------------------------------------------------------------


def _event(session: Session, *, with_link: bool):
    from icalendar import Event

    event = Event()
    event.add("uid", f"programme-session-{session.pk}@globalgoalsgemeenten")
    event.add("summary", f"{session.programme.title}: {session.title}")
    # local wall-clock times with TZID=Europe/Amsterdam; the calendar gets the matching VTIMEZONE
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("dtstamp", session.updated_at)
    event.add("url", _site() + session.programme.get_absolute_url())
    description = [session.programme.title]
    if with_link and session.meeting_url:
        event.add("location", session.meeting_url)
        description.append(_("Online meeting: %(url)s") % {"url": session.meeting_url})
    else:
        event.add("location", _("Online"))
    if session.agenda:
        description.append(session.agenda)
    event.add("description", "\n\n".join(description))
    return event


def _calendar(name: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Global Goals Gemeenten//Programmes//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def ical_session(session: Session, *, with_link: bool) -> bytes:
    calendar = _calendar(f"{session.programme.title}: {session.title}")
    calendar.add_component(_event(session, with_link=with_link))
    calendar.add_missing_timezones()  # RFC 5545: a TZID needs its VTIMEZONE
    return calendar.to_ical()


def ical_programme(programme: Programme, *, with_link: bool) -> bytes:
    calendar = _calendar(programme.title)
    for session in programme.sessions.select_related("programme"):
        calendar.add_component(_event(session, with_link=with_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_for(*, user, registration: Registration):
    """The person's secret calendar address for this participation (made on first use)."""
    from .models import CalendarFeed

    feed, _created = CalendarFeed.objects.get_or_create(user=user, registration=registration)
    return feed


def feed_renew(*, user, registration: Registration):
    """A new secret address; the old one stops working at once."""
    from .models import CalendarFeed

    CalendarFeed.objects.filter(user=user, registration=registration).delete()
    return CalendarFeed.objects.create(user=user, registration=registration)


def feed_calendar(token) -> bytes | None:
    """The programme calendar behind a secret address, or None when the address was renewed or the
    person may no longer see the programme (left the municipality, account closed, registration ended)."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user", "registration__programme", "registration__municipality").filter(token=token).first()
    if feed is None or feed.registration.status != Registration.Status.CONFIRMED:
        return None
    if not has_perm(feed.user, Perm.VIEW_WORKSPACE, feed.registration.municipality):
        return None
    return ical_programme(feed.registration.programme, with_link=True)


# --- reminders ------------------------------------------------------------------------------------


def _reminder_due(kind: str, target, now: dt.datetime) -> bool:
    if kind == SentReminder.Kind.SESSION:
        return target.starts_at - SESSION_REMINDER_BEFORE <= now < target.starts_at
    return target.deadline_at - DEADLINE_REMINDER_BEFORE <= now < target.deadline_at


def reminder_send(*, kind: str, target_id: int, now: dt.datetime | None = None) -> int:
    """Send one reminder (a session tomorrow, a deadline in a week) to every confirmed participant
    who has not had it. The SentReminder row is written before the e-mail, under a unique constraint,
    so a task that runs twice (a restarted worker) never sends it twice. Returns the number sent."""
    now = now or timezone.now()
    model = Session if kind == SentReminder.Kind.SESSION else Deliverable
    target = model.objects.select_related("programme").filter(pk=target_id).first()
    if target is None or not _reminder_due(kind, target, now):
        return 0
    registrations = Registration.objects.filter(programme=target.programme, status=Registration.Status.CONFIRMED).select_related(
        "municipality", "programme", "participant", "registered_by"
    )
    if kind == SentReminder.Kind.DEADLINE:
        done = Submission.objects.filter(deliverable=target, status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED]).values(
            "registration_id"
        )
        registrations = registrations.exclude(pk__in=done)
    sent = 0
    for registration in registrations:
        try:
            with transaction.atomic():
                SentReminder.objects.create(kind=kind, target_id=target.pk, registration=registration)
        except IntegrityError:
            continue
        if kind == SentReminder.Kind.SESSION:
            _notify(registration, "reminder_session", session=target)
        else:
            _notify(registration, "reminder_deadline", deliverable=target)
        sent += 1
    return sent


def reminders_due(*, now: dt.datetime | None = None) -> int:
    """Catch-up: send every reminder that is due now (used by the command and by each reminder task)."""
    now = now or timezone.now()
    sent = 0
    today = timezone.localdate(now)
    for session in Session.objects.filter(date__gte=today - dt.timedelta(days=1), date__lte=today + dt.timedelta(days=2)).select_related("programme"):
        sent += reminder_send(kind=SentReminder.Kind.SESSION, target_id=session.pk, now=now)
    for deliverable in Deliverable.objects.filter(deadline__gte=today - dt.timedelta(days=1), deadline__lte=today + dt.timedelta(days=8)):
        sent += reminder_send(kind=SentReminder.Kind.DEADLINE, target_id=deliverable.pk, now=now)
    return sent


def reminders_schedule(*, programme: Programme, now: dt.datetime | None = None) -> int:
    """Queue a reminder task at the right moment for each future session and deadline (on a backend
    that can defer: the database worker). A task already waiting for the same moment is not queued
    again. Returns the number queued."""
    from django.tasks import TaskResultStatus

    from .tasks import send_reminder

    backend = send_reminder.get_backend()
    if not backend.supports_defer:
        return 0
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    plans = [(SentReminder.Kind.SESSION, s.pk, s.starts_at - SESSION_REMINDER_BEFORE) for s in programme.sessions.all()]
    plans += [(SentReminder.Kind.DEADLINE, d.pk, d.deadline_at - DEADLINE_REMINDER_BEFORE) for d in programme.deliverables.all()]
    waiting = {
        (tuple(r.args_kwargs.get("args", [])), r.run_after)
        for r in DBTaskResult.objects.filter(task_path=send_reminder.module_path, status=TaskResultStatus.READY).only("args_kwargs", "run_after")
    }
    queued = 0
    for kind, target_id, when in plans:
        if when + (SESSION_REMINDER_BEFORE if kind == SentReminder.Kind.SESSION else DEADLINE_REMINDER_BEFORE) <= now:
            continue  # the moment itself has passed
        when = max(when, now)
        if any(args == (str(kind), target_id) and run_after and abs((run_after - when).total_seconds()) < 60 for args, run_after in waiting):
            continue
        send_reminder.using(run_after=when).enqueue(str(kind), target_id)
        queued += 1
    return queued


# --- the guide ------------------------------------------------------------------------------------


def guide_for(programme: Programme) -> Guide:
    guide, _created = Guide.objects.get_or_create(
        programme=programme,
        defaults={
            "title_nl": f"Handreiking {programme.title_nl}",
            "title_en": f"Guide {programme.title_en}" if programme.title_en else "",
            "intro_nl": programme.summary_nl,
        },
    )
    return guide


def guide_sync_chapters(*, guide: Guide) -> int:
    """Add a chapter for each accepted text that is not in the guide yet (at the end); returns how many."""
    taken = set(guide.chapters.values_list("submission_id", flat=True))
    accepted = (
        Submission.objects.filter(deliverable__programme=guide.programme_id, deliverable__for_guide=True, status=Submission.Status.ACCEPTED)
        .exclude(pk__in=taken)
        .select_related("registration__municipality")
        .order_by("registration__municipality__display_name", "pk")
    )
    order = (guide.chapters.aggregate(m=Max("order"))["m"] or 0) + 1
    added = 0
    for submission in accepted:
        Chapter.objects.create(guide=guide, submission=submission, order=order)
        order += 1
        added += 1
    return added


def guide_chapters(guide: Guide, language: str) -> list[dict]:
    """The chapters in order, from each accepted text's last version, in ``language`` (English where a
    translation was given, else the Dutch text with a note). Three queries whatever the number."""
    from django.db.models import Prefetch

    from apps.goals.models import Goal

    chapters = (
        guide.chapters.filter(submission__status=Submission.Status.ACCEPTED)
        .select_related("submission__registration__municipality", "submission__registration__participant", "submission__deliverable")
        .prefetch_related(Prefetch("submission__goals", queryset=Goal.objects.order_by("number")), "submission__versions")
    )
    result = []
    for number, chapter in enumerate(chapters, start=1):
        submission = chapter.submission
        versions = [v for v in submission.versions.all() if v.number == submission.version]
        version = versions[0] if versions else None
        if version is None:
            continue
        english = language == "en" and bool(version.text_en.strip())
        registration = submission.registration
        result.append(
            {
                "number": number,
                "anchor": f"hoofdstuk-{number}",
                "municipality": registration.municipality,
                "person": registration.participant.full_name if registration.participant_id else "",
                "title": (version.title_en if english and version.title_en else version.title),
                "paragraphs": version.paragraphs_en() if english else version.paragraphs(),
                "translated": english,
                "untranslated": language == "en" and not english,
                "focus": registration.focus,
                "goals": list(submission.goals.all()),
                "late": submission.late,
                "words": version.word_count,
            }
        )
    return result


def guide_context(guide: Guide, language: str) -> dict:
    from apps.core.richtext import render_markdown
    from apps.goals.models import Goal

    intro = guide.intro_en if language == "en" and guide.intro_en.strip() else guide.intro_nl
    programme = guide.programme
    return {
        "guide": guide,
        "programme": programme,
        "title": (guide.title_en or guide.title_nl) if language == "en" else guide.title_nl,
        "subtitle": (guide.subtitle_en or guide.subtitle_nl) if language == "en" else guide.subtitle_nl,
        "intro_html": render_markdown(intro),
        "chapters": guide_chapters(guide, language),
        "goal_colours": list(Goal.objects.order_by("number").values_list("colour", flat=True)),
        "year": (guide.published_on or timezone.localdate()).year,
        "participants": [
            r.municipality.display_name
            for r in programme.registrations.filter(status=Registration.Status.CONFIRMED)
            .select_related("municipality")
            .order_by("municipality__display_name")
        ],
    }


def guide_generate(*, guide: Guide) -> bool:
    """One click: queue the PDF build after commit. A second click while it runs changes nothing: False."""
    from .tasks import build_guide

    with transaction.atomic():
        claimed = Guide.objects.filter(pk=guide.pk).exclude(status=Guide.Status.GENERATING).update(status=Guide.Status.GENERATING, error="")
        if claimed:
            transaction.on_commit(lambda: build_guide.enqueue(guide.pk))
    return bool(claimed)


def guide_render_pdf(guide: Guide, language: str) -> bytes:
    from apps.core.pdf import render_pdf

    return render_pdf("programmes/guide_pdf.html", guide_context(guide, language), language=language)


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def guide_build(*, guide_id: int) -> dict:
    """Task body: sync the chapters, write the Dutch PDF and (with an English introduction) the English
    one, count pages, and update the knowledge-base article when the guide is published."""
    guide = Guide.objects.select_related("programme").get(pk=guide_id)
    started = time.perf_counter()
    try:
        guide_sync_chapters(guide=guide)
        pdf_nl = guide_render_pdf(guide, "nl")
        pdf_en = guide_render_pdf(guide, "en") if guide.has_english else None
    except Exception as error:
        Guide.objects.filter(pk=guide.pk).update(status=Guide.Status.FAILED, error=str(error)[:500])
        logger.exception("guide %s failed", guide.pk)
        raise
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    old = [f for f in (guide.pdf_nl, guide.pdf_en) if f]
    guide.pdf_nl.save(f"handreiking-{guide.programme.slug}-nl-{stamp}.pdf", ContentFile(pdf_nl), save=False)
    guide.pages_nl = _page_count(pdf_nl)
    if pdf_en:
        guide.pdf_en.save(f"guide-{guide.programme.slug}-en-{stamp}.pdf", ContentFile(pdf_en), save=False)
        guide.pages_en = _page_count(pdf_en)
    else:
        guide.pdf_en = ""
        guide.pages_en = 0
    guide.status = Guide.Status.READY
    guide.generated_at = timezone.now()
    guide.error = ""
    guide.save()
    for file in old:
        if file.name not in {guide.pdf_nl.name, guide.pdf_en.name}:
            file.storage.delete(file.name)
    if guide.published:
        knowledge_sync(guide=guide)
    return {"pages_nl": guide.pages_nl, "pages_en": guide.pages_en, "seconds": round(time.perf_counter() - started, 2)}


def guide_publish(*, guide: Guide, published: bool = True) -> Guide:
    if published and guide.status != Guide.Status.READY:
        raise ServiceError(_("Generate the guide first; it can be published when the PDF is ready."))
    guide.published = published
    if published and not guide.published_on:
        guide.published_on = timezone.localdate()
    guide.save(update_fields=["published", "published_on", "updated_at"])
    knowledge_sync(guide=guide)
    return guide


def knowledge_sync(*, guide: Guide):
    """Create or update the knowledge-base article (kind 'guide') that links to the published guide;
    unpublish it when the guide is withdrawn. Does nothing without the knowledge app."""
    article_model = optional("apps.knowledge.models", "Article")
    if article_model is None:
        return None
    programme = guide.programme
    url = _site() + guide.get_absolute_url()
    chapters = guide_chapters(guide, "nl")
    names = ", ".join(c["municipality"].display_name for c in chapters)
    body_nl = (
        f"{guide.subtitle_nl or programme.summary_nl}\n\n"
        f"De handreiking is gemaakt in het programma [{programme.title_nl}]({_site() + programme.get_absolute_url()})"
        + (f", met bijdragen van {names}" if names else "")
        + f".\n\n- [Lees de handreiking online]({url})\n- [Download de PDF]({_site() + reverse('programmes:guide_pdf', kwargs={'slug': programme.slug, 'language': 'nl'})})"
    )
    body_en = ""
    if guide.has_english:
        body_en = (
            f"{guide.subtitle_en or programme.summary_en or programme.summary_nl}\n\n"
            f"The guide was made in the programme [{programme.title_en or programme.title_nl}]({_site()}/en{programme.get_absolute_url()})"
            + (f", with contributions from {names}" if names else "")
            + f".\n\n- [Read the guide online]({_site()}/en{guide.get_absolute_url()})\n- [Download the PDF]({_site() + reverse('programmes:guide_pdf', kwargs={'slug': programme.slug, 'language': 'en'})})"
        )
    article, _created = article_model.objects.update_or_create(
        slug=f"handreiking-{programme.slug}"[:120],
        defaults={
            "kind": "guide",
            "title_nl": guide.title_nl,
            "title_en": guide.title_en,
            "summary_nl": (guide.subtitle_nl or programme.summary_nl)[:500],
            "summary_en": (guide.subtitle_en or programme.summary_en)[:500] if guide.has_english else "",
            "body_nl": body_nl,
            "body_en": body_en,
            "url": url,
            "source": programme.title_nl[:200],
            "published": guide.published,
            "published_on": guide.published_on,
        },
    )
    goals = {g.pk for c in chapters for g in c["goals"]}
    if goals:
        article.goals.set(goals)
    return article


# --- messages to participants (through the updates app) --------------------------------------------

PROGRAMME_AUDIENCE = "programme:{pk}"


def participants_message(*, programme: Programme, by, subject: str, body: str):
    """Send an update to the programme's confirmed participants via the updates app (once per
    address, logged, with an unsubscribe link). The same message twice in 10 minutes (a double
    click) is sent once."""
    update_model = optional("apps.updates.models", "Update")
    update_send = optional("apps.updates.services", "update_send")
    if update_model is None or update_send is None:
        raise ServiceError(_("Messages cannot be sent: the updates part of the platform is missing."))
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise ServiceError(_("Write a subject and a message."))
    audience = PROGRAMME_AUDIENCE.format(pk=programme.pk)
    recent = update_model.objects.filter(
        audience=audience, subject=subject, body=body, created_at__gte=timezone.now() - dt.timedelta(minutes=10)
    ).first()
    if recent:
        return recent
    update = update_model.objects.create(subject=subject, body=body, audience=audience, created_by=by)
    update_send(update=update)
    return update
