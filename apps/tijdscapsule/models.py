"""The Tijdscapsule: a physical capsule that travels from municipality to municipality. Member
municipalities request a visit; the campaign team confirms it, proposes other dates or declines.
At a visit anyone leaves a wish for 2030, sealed (encrypted at rest, see crypto.py) until the
capsule's opening date.

No double bookings, enforced by the database: confirming a visit writes one :class:`BlockedDay`
per visit day and per transport day after it, in the same transaction, and ``(capsule, day)`` is
unique. Two confirmations that overlap (also at the same moment, from two processes) cannot both
commit, on SQLite and on PostgreSQL alike.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.files import PrivateFileField


class Capsule(models.Model):
    """The capsule (one row, :meth:`current`): its settings, editable in the back office."""

    name = models.CharField(_("name"), max_length=100, default="Tijdscapsule Global Goals")
    transport_days = models.PositiveSmallIntegerField(
        _("transport days"), default=2, help_text=_("Days kept free after every visit to move the capsule to the next place.")
    )
    opening_date = models.DateField(
        _("opening date"),
        default=dt.date(2030, 1, 1),
        help_text=_("Before this day no one can read the wishes or see their photos; only counts are public."),
    )
    wishes_per_hour = models.PositiveIntegerField(
        _("wishes per hour from one address"), default=100, help_text=_("More wishes than this from one internet address within an hour are refused.")
    )
    accepting_requests = models.BooleanField(_("accepting visit requests"), default=True)
    sealed_until = models.DateField(
        _("sealed until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The opening date promised when the first wish was sealed; the opening date can never move before it."),
    )
    debate_kit = models.FileField(
        _("debate kit (PDF)"), upload_to="tijdscapsule/kit/", blank=True, help_text=_("Built from the debate kit page; you may upload your own.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("capsule")
        verbose_name_plural = _("capsule")
        constraints = [
            # the seal: once a wish is sealed, the opening date can only move later (a trigger in
            # migration 0003 keeps sealed_until from ever decreasing, whatever writes the row)
            models.CheckConstraint(
                condition=models.Q(sealed_until__isnull=True) | models.Q(opening_date__gte=models.F("sealed_until")),
                name="tijdscapsule_capsule_opening_not_before_seal",
                violation_error_message=_("Wishes have been sealed until this date: the opening date cannot be moved earlier."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # never write a stale seal: the database holds the truth (a wish may have been sealed since
        # this instance was loaded)
        self.sealed_until = self._sealed_until_in_database()
        if self.sealed_until and self.opening_date < self.sealed_until:
            raise ValidationError(_("Wishes have been sealed until %(date)s: the opening date cannot be moved earlier.") % {"date": date_format(self.sealed_until)})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        sealed_until = self._sealed_until_in_database()
        if sealed_until and self.opening_date and self.opening_date < sealed_until:
            raise ValidationError(
                {"opening_date": _("Wishes have been sealed until %(date)s: the opening date cannot be moved earlier.") % {"date": date_format(sealed_until)}}
            )

    def _sealed_until_in_database(self):
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("sealed_until", flat=True).first()

    @property
    def opens_on(self) -> dt.date:
        """The day the wishes open: the opening date, never before the seal."""
        return max(self.opening_date, self.sealed_until) if self.sealed_until else self.opening_date

    @classmethod
    def current(cls) -> "Capsule":
        capsule = cls.objects.order_by("pk").first()
        return capsule or cls.objects.create()


class EventType(models.TextChoices):
    COUNCIL_DEBATE = "council_debate", _("Council debate")
    RESIDENTS_EVENING = "residents_evening", _("Residents' evening")
    SCHOOL = "school", _("School")
    MARKET = "market", _("Market")
    OTHER = "other", _("Other event")


class Visit(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PROPOSED = "proposed", _("Other dates proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    capsule = models.ForeignKey(Capsule, verbose_name=_("capsule"), on_delete=models.PROTECT, related_name="visits")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="capsule_visits"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    proposed_start = models.DateField(_("proposed first day"), null=True, blank=True)
    proposed_end = models.DateField(_("proposed last day"), null=True, blank=True)
    title = models.CharField(_("name of the event"), max_length=150)
    event_type = models.CharField(_("type of event"), max_length=20, choices=EventType.choices)
    address = models.CharField(_("address"), max_length=250, help_text=_("Where the capsule stands: street, number and place."))
    expected_audience = models.PositiveIntegerField(_("expected number of visitors"))
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    notes = models.TextField(_("notes for the campaign team"), max_length=2000, blank=True)
    team_message = models.TextField(_("message from the campaign team"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["contact_phone"])

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["status", "start_date"]), models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(name="visit_ends_after_start", condition=models.Q(end_date__gte=models.F("start_date"))),
        ]

    def __str__(self):
        return f"{self.municipality} {self.start_date:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("tijdscapsule:visit", kwargs={"pk": self.pk})

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.CONFIRMED


class BlockedDay(models.Model):
    """A day the capsule is taken: by a confirmed visit, or for transport after it. The unique
    constraint on (capsule, day) is what makes double bookings impossible."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        TRANSPORT = "transport", _("Transport")

    capsule = models.ForeignKey(Capsule, verbose_name=_("capsule"), on_delete=models.CASCADE, related_name="blocked_days")
    day = models.DateField(_("day"))
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="blocked_days")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("blocked day")
        verbose_name_plural = _("blocked days")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["capsule", "day"], name="capsule_one_visit_per_day")]

    def __str__(self):
        return f"{self.day} {self.kind}"


class Reminder(models.Model):
    """A reminder that was sent: unique per visit and kind, so a task that runs twice (a worker
    restart) never sends it twice."""

    class Kind(models.TextChoices):
        FOUR_WEEKS = "four_weeks", _("Four weeks before")
        ONE_WEEK = "one_week", _("One week before")

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["visit", "kind"], name="one_reminder_per_kind")]


class Role(models.TextChoices):
    MAYOR = "burgemeester", _("Mayor")
    ALDERMAN = "wethouder", _("Alderman")
    COUNCILLOR = "raadslid", _("Councillor")
    RESIDENT = "inwoner", _("Resident")
    PUPIL = "leerling", _("Pupil")
    OTHER = "anders", _("Other")


class Wish(models.Model):
    """A wish for 2030. Text, name and photo are sealed: stored encrypted (crypto.py) and readable
    only through :func:`apps.tijdscapsule.services.wish_reveal` on or after the opening date."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        HELD = "held", _("Held for moderation")
        REJECTED = "rejected", _("Rejected")

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="wishes")
    role = models.CharField(_("role"), max_length=15, choices=Role.choices, default=Role.RESIDENT)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED, db_index=True)
    flag_reason = models.CharField(_("why it was held"), max_length=200, blank=True)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("After the opening the campaign team reads every accepted wish first; only published wishes are public."),
    )
    sealed_text = models.TextField(_("sealed text"), editable=False)
    sealed_name = models.TextField(_("sealed name"), blank=True, editable=False)
    sealed_photo = PrivateFileField(_("sealed photo"), folder="tijdscapsule/sealed", blank=True, editable=False)
    address_hash = models.CharField(
        _("address hash"), max_length=64, blank=True, editable=False, help_text=_("A keyed hash of the internet address, to spot abuse.")
    )
    created_at = models.DateTimeField(_("left"), auto_now_add=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["visit", "status"])]

    def __str__(self):
        return f"{_('Wish')} {self.pk}"

    def save(self, *args, **kwargs):
        created = self.pk is None
        super().save(*args, **kwargs)
        if created:  # the same happens in the database (trigger, migration 0003), whatever inserts the wish
            Capsule.objects.filter(pk=self.visit.capsule_id).filter(
                models.Q(sealed_until__isnull=True) | models.Q(sealed_until__lt=models.F("opening_date"))
            ).update(sealed_until=models.F("opening_date"))

    @property
    def has_photo(self) -> bool:
        return bool(self.sealed_photo)


class Booklet(models.Model):
    """The printable booklet of a municipality's wishes, built after the opening (tasks.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    capsule = models.ForeignKey(Capsule, verbose_name=_("capsule"), on_delete=models.CASCADE, related_name="booklets")
    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = PrivateFileField(_("file"), folder="tijdscapsule/booklets", blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)

    class Meta:
        verbose_name = _("booklet")
        verbose_name_plural = _("booklets")
        constraints = [models.UniqueConstraint(fields=["capsule", "municipality"], name="one_booklet_per_municipality")]
