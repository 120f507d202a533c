"""Reads for pages and for other apps (profiles, updates)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Programme, Registration


class Phase:
    UPCOMING = "upcoming"
    OPEN = "open"
    RUNNING = "running"
    FINISHED = "finished"


def _with_dates(queryset):
    return queryset.annotate(
        first_session=Min("sessions__date"),
        last_session=Max("sessions__date"),
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED), distinct=True),
    )


def phase(programme, today: dt.date | None = None) -> str:
    """upcoming / open (registration) / running / finished; needs the annotations of ``_with_dates``
    (or computes them)."""
    today = today or timezone.localdate()
    last = getattr(programme, "last_session", None)
    first = getattr(programme, "first_session", None)
    if not hasattr(programme, "last_session"):
        dates = programme.sessions.aggregate(first=Min("date"), last=Max("date"))
        first, last = dates["first"], dates["last"]
    if last and last < today:
        return Phase.FINISHED
    if programme.registration_open(today) and (programme.registration_opens or programme.registration_closes):
        return Phase.OPEN
    if first and first <= today:
        return Phase.RUNNING
    return Phase.UPCOMING


def phase_label(value: str) -> str:
    return {
        Phase.UPCOMING: _("Coming soon"),
        Phase.OPEN: _("Open for registration"),
        Phase.RUNNING: _("Running"),
        Phase.FINISHED: _("Finished"),
    }[value]


def public_programmes():
    """Published programmes with their first/last session and number of participants: one query."""
    return _with_dates(Programme.objects.filter(published=True)).order_by("-first_session", "title_nl")


def programme_public(slug: str):
    return _with_dates(Programme.objects.filter(published=True)).filter(slug=slug).first()


def confirmed_participants(programme):
    return (
        programme.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("municipality", "participant")
        .order_by("municipality__display_name", "pk")
    )


def municipality_programmes(*, municipality) -> list[dict]:
    """Contract for profiles: [{"title", "url", "status"}] of published programmes in which the
    municipality takes (or took) part, latest first. Two queries."""
    registrations = (
        Registration.objects.filter(municipality=municipality, status=Registration.Status.CONFIRMED, programme__published=True)
        .select_related("programme")
        .order_by("-programme__registration_opens", "programme__title_nl")
    )
    programmes = {r.programme_id: r.programme for r in registrations}
    if not programmes:
        return []
    dated = {p.pk: p for p in _with_dates(Programme.objects.filter(pk__in=programmes))}
    result = []
    for pk, programme in programmes.items():
        value = phase(dated[pk])
        result.append({"title": programme.title, "url": programme.get_absolute_url(), "status": value, "status_label": phase_label(value)})
    return result


def registration_of(*, programme, municipality, user=None):
    """The registration through which ``municipality`` (or, in a cohort, ``user``) takes part."""
    queryset = Registration.objects.filter(programme=programme).select_related("municipality", "programme", "participant")
    if programme.is_cohort:
        if user is not None and user.is_authenticated and user.municipality_id == municipality.pk:
            return queryset.filter(participant=user).first()
        return queryset.filter(municipality=municipality).exclude(status=Registration.Status.CANCELLED).order_by("-status").first()
    return queryset.filter(municipality=municipality, participant=None).first()


def participant_recipients(programme_id: int):
    """Users taking part in a programme (for updates): the people of every confirmed municipality,
    or in a cohort, the confirmed participants themselves."""
    from apps.accounts.models import MUNICIPAL_ROLES, User

    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return User.objects.none()
    confirmed = Registration.objects.filter(programme=programme, status=Registration.Status.CONFIRMED)
    if programme.is_cohort:
        return User.objects.filter(is_active=True, pk__in=confirmed.values("participant_id"))
    return User.objects.filter(is_active=True, role__in=MUNICIPAL_ROLES, municipality__in=confirmed.values("municipality_id"))


# --- texts: the word-count guideline, versions compared --------------------------------------------


def length_advice(deliverable, words: int) -> str | None:
    """Why a text's length falls outside the deliverable's guideline (a warning, never a refusal), or None."""
    low, high = deliverable.words_min or 0, deliverable.words_max
    if words < low:
        return _("Your text has %(words)s words; the guideline is %(low)s to %(high)s words.") % {"words": words, "low": low, "high": high or "…"}
    if high and words > high:
        return _("Your text has %(words)s words; the guideline is at most %(high)s words.") % {"words": words, "high": high}
    return None


def _tokens(text: str) -> list[str]:
    """Words, with a paragraph break (an empty line) as a token of its own."""
    tokens: list[str] = []
    paragraphs = [p.split() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    for index, words in enumerate(paragraphs):
        if index:
            tokens.append("\n\n")
        tokens.extend(words)
    return tokens


def text_diff(old: str, new: str) -> list[list[tuple[str, str]]]:
    """A word-level comparison of two versions, as paragraphs of (kind, text) pieces with kind one of
    "same", "removed", "added" (rendered as plain text, <del> and <ins>). The paragraphs are those of
    the newer version."""
    import difflib

    a, b = _tokens(old), _tokens(new)
    paragraphs: list[list[tuple[str, str]]] = [[]]

    def add(kind: str, words: list[str]) -> None:
        if kind == "removed":  # the new version decides the paragraphs: a removed break shows as ¶
            paragraphs[-1].append((kind, " ".join(words).replace("\n\n", "¶")))
            return
        for piece in " ".join(words).split("\n\n"):
            if piece.strip():
                paragraphs[-1].append((kind, piece.strip()))
            paragraphs.append([])
        paragraphs.pop()  # the split adds one paragraph too many

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        if tag in ("replace", "delete"):
            add("removed", a[i1:i2])
        if tag in ("replace", "insert"):
            add("added", b[j1:j2])
    return [p for p in paragraphs if p]
