"""Programmes: a cohort of municipalities (or YoungChallengers) through a series of sessions, with
deliverables written on the platform, coaching, shared session pages and a published guide."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.files import PrivateFileField
from apps.core.i18n import Translated
from apps.core.richtext import render_markdown


def validate_https_url(value: str):
    """A meeting or resource link: a complete web address that starts with https://."""
    if not value:
        return
    message = _("Enter a complete web address that starts with https://, for example https://teams.microsoft.com/l/meetup-join/…")
    if not value.lower().startswith("https://"):
        raise ValidationError(message, code="https")
    URLValidator(schemes=["https"], message=message)(value)


class HttpsURLField(models.URLField):
    default_validators = [validate_https_url]

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.CharField, **kwargs})


class Programme(models.Model):
    class Eligibility(models.TextChoices):
        MUNICIPALITIES = "municipalities", _("Any municipality (someone working for it registers it)")
        MEMBERS = "members", _("Member municipalities of the campaign only")
        YOUNG_CHALLENGERS = "young_challengers", _("YoungChallengers (a yearly cohort; each person registers)")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True, help_text=_("Markdown."))
    description_en = models.TextField(_("description (English)"), blank=True, help_text=_("Markdown."))
    partners = models.CharField(_("partner programmes"), max_length=300, blank=True, help_text=_("E.g. Iedereen Doet Mee! (VNG)."))
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Empty: no limit.")
    )
    eligibility = models.CharField(_("who may register"), max_length=20, choices=Eligibility.choices, default=Eligibility.MUNICIPALITIES)
    registration_opens = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateField(_("registration closes"), null=True, blank=True, help_text=_("The last day on which one can register."))
    focus_prompt_nl = models.CharField(
        _("question about the focus (Dutch)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'Which inclusion focus do you choose?'. Empty: no focus is asked."),
    )
    focus_prompt_en = models.CharField(_("question about the focus (English)"), max_length=200, blank=True)
    published = models.BooleanField(
        _("shown on the public site"), default=False, help_text=_("Unpublished programmes are not shown and nobody can register.")
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coaches"),
        blank=True,
        related_name="coached_programmes",
        limit_choices_to={"role": "coach", "is_active": True},
        help_text=_("They read and review the texts of every participant of this programme, and see nothing else of the workspaces."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    title = Translated()
    summary = Translated()
    description = Translated()
    focus_prompt = Translated()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-registration_opens", "title_nl"]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.registration_opens and self.registration_closes and self.registration_closes < self.registration_opens:
            raise ValidationError({"registration_closes": _("Registration cannot close before it opens.")})

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def is_cohort(self) -> bool:
        return self.eligibility == self.Eligibility.YOUNG_CHALLENGERS

    def registration_open(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.registration_opens and today < self.registration_opens:
            return False
        return not (self.registration_closes and today > self.registration_closes)


class Session(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sessions")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    meeting_url = HttpsURLField(
        _("online meeting link"), max_length=500, blank=True, help_text=_("Starts with https://. Shown to participants only.")
    )
    agenda_nl = models.TextField(_("agenda (Dutch)"), blank=True, help_text=_("Markdown."))
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    materials_before_nl = models.TextField(_("materials before the session (Dutch)"), blank=True, help_text=_("Markdown, e.g. [Reading](https://…)."))
    materials_before_en = models.TextField(_("materials before the session (English)"), blank=True)
    materials_after_nl = models.TextField(_("materials after the session (Dutch)"), blank=True, help_text=_("Markdown: slides, recording, report."))
    materials_after_en = models.TextField(_("materials after the session (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    title = Translated()
    agenda = Translated()
    materials_before = Translated()
    materials_after = Translated()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "pk"]
        indexes = [models.Index(fields=["programme", "date"])]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.title_nl}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.end_time))

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def agenda_html(self):
        return render_markdown(self.agenda)

    @property
    def materials_before_html(self):
        return render_markdown(self.materials_before)

    @property
    def materials_after_html(self):
        return render_markdown(self.materials_after)


class Deliverable(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="deliverables")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    instructions_nl = models.TextField(_("instructions (Dutch)"), blank=True, help_text=_("Markdown."))
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    words_min = models.PositiveIntegerField(_("words at least (guideline)"), default=0)
    words_max = models.PositiveIntegerField(_("words at most (guideline)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), help_text=_("Texts sent in after this day are accepted and marked as late."))
    for_guide = models.BooleanField(_("accepted texts go into the guide"), default=True)
    history = HistoricalRecords()

    title = Translated()
    instructions = Translated()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return self.title_nl

    def clean(self):
        if self.words_max is not None and self.words_max < self.words_min:
            raise ValidationError({"words_max": _("The maximum is smaller than the minimum.")})

    @property
    def deadline_at(self) -> dt.datetime:
        """The end of the deadline day (local time)."""
        return timezone.make_aware(dt.datetime.combine(self.deadline + dt.timedelta(days=1), dt.time(0, 0)))

    @property
    def instructions_html(self):
        return render_markdown(self.instructions)


class Resource(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document or website")
        ABROAD = "abroad", _("Example from a municipality abroad")
        VIDEO = "video", _("Video or recording")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="resources")
    session = models.ForeignKey(Session, verbose_name=_("with session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="resources")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    url = HttpsURLField(_("web address"), max_length=500)
    description = models.CharField(_("description"), max_length=400, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True, help_text=_("For an example from abroad."))
    public = models.BooleanField(_("public"), default=True, help_text=_("Also shown on the public programme page."))

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Registered, awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="registrations")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="programme_registrations"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant (cohort)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programme_participations",
        help_text=_("For a YoungChallengers cohort: the person taking part."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach of this participant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_registrations",
        limit_choices_to={"role": "coach", "is_active": True},
        help_text=_("Only when this participant has a coach of their own (besides the programme's coaches)."),
    )
    contact_email = models.EmailField(_("contact e-mail"))
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    focus = models.CharField(_("chosen focus"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["programme", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], condition=Q(participant__isnull=True), name="one_registration_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["programme", "participant"], condition=Q(participant__isnull=False), name="one_registration_per_participant"
            ),
        ]

    def __str__(self):
        return f"{self.who} — {self.programme}"

    @property
    def who(self) -> str:
        if self.participant_id:
            return f"{self.participant.full_name} ({self.municipality.display_name})"
        return self.municipality.display_name

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CONFIRMED)


class Attendance(models.Model):
    session = models.ForeignKey(Session, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(Registration, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_attendance_per_session")]


class Submission(models.Model):
    """A participant's text for a deliverable: a draft that is sent in as numbered versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent in")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    deliverable = models.ForeignKey(Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="submissions")
    registration = models.ForeignKey(Registration, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="submissions")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    title_en = models.CharField(_("title (English translation)"), max_length=200, blank=True)
    text_en = models.TextField(_("English translation (optional)"), blank=True)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("The number of the last version sent in."))
    late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("first sent in"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("text")
        verbose_name_plural = _("texts")
        ordering = ["deliverable", "registration"]
        constraints = [models.UniqueConstraint(fields=["deliverable", "registration"], name="one_text_per_deliverable")]

    def __str__(self):
        return self.title or str(self.deliverable)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class SubmissionVersion(models.Model):
    submission = models.ForeignKey(Submission, verbose_name=_("text"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    title_en = models.CharField(_("title (English translation)"), max_length=200, blank=True)
    text_en = models.TextField(_("English translation"), blank=True)
    word_count = models.PositiveIntegerField(_("words"))
    late = models.BooleanField(_("late"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent in by"), on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("sent in"), default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="one_number_per_text_version")]

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]

    def paragraphs_en(self) -> list[str]:
        return [p.strip() for p in self.text_en.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    submission = models.ForeignKey(Submission, verbose_name=_("text"), on_delete=models.CASCADE, related_name="comments")
    version = models.PositiveIntegerField(_("on version"), default=0)
    paragraph = models.PositiveSmallIntegerField(_("on paragraph"), null=True, blank=True, help_text=_("Empty: on the whole text."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("comment"), max_length=4000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]


class Post(models.Model):
    """A participant's contribution on a session's shared page."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        EXAMPLE = "example", _("Example")
        NOTE = "note", _("Note")

    session = models.ForeignKey(Session, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="posts")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("session post")
        verbose_name_plural = _("session posts")
        ordering = ["created_at", "pk"]


class Guide(models.Model):
    """The publication (handreiking) built from the accepted texts."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not generated yet")
        GENERATING = "generating", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Generation failed")

    programme = models.OneToOneField(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="guide")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    subtitle_nl = models.CharField(_("subtitle (Dutch)"), max_length=300, blank=True)
    subtitle_en = models.CharField(_("subtitle (English)"), max_length=300, blank=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), help_text=_("Markdown."))
    intro_en = models.TextField(_("introduction (English)"), blank=True, help_text=_("Markdown. Empty: no English edition."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    pdf_nl = PrivateFileField(_("PDF (Dutch)"), folder="programmes/guides", blank=True)
    pdf_en = PrivateFileField(_("PDF (English)"), folder="programmes/guides", blank=True)
    pages_nl = models.PositiveIntegerField(_("pages (Dutch)"), default=0)
    pages_en = models.PositiveIntegerField(_("pages (English)"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    title = Translated()
    subtitle = Translated()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("programmes:guide", kwargs={"slug": self.programme.slug})

    @property
    def has_english(self) -> bool:
        return bool(self.intro_en.strip())


class Chapter(models.Model):
    guide = models.ForeignKey(Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="chapters")
    submission = models.ForeignKey(
        Submission, verbose_name=_("accepted text"), on_delete=models.CASCADE, related_name="chapters", limit_choices_to={"status": "accepted"}
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["guide", "submission"], name="one_chapter_per_text")]

    def __str__(self):
        return str(self.submission)


class SentReminder(models.Model):
    """A reminder that went out: the unique constraint makes each reminder go out once, even when a
    worker restarts and runs the task again."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Session tomorrow")
        DEADLINE = "deadline", _("Deadline in a week")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target_id = models.PositiveIntegerField(_("session or deliverable"))
    registration = models.ForeignKey(Registration, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["kind", "target_id", "registration"], name="one_reminder_per_participant")]


class CalendarFeed(models.Model):
    """A participant's personal, secret calendar address for a programme: calendar programs cannot log
    in, so the token is the key. Revoked by making a new one (the old address stops working)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.UUIDField(_("secret"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "registration"], name="one_feed_per_person_per_registration")]

    def __str__(self):
        return f"{self.user} · {self.registration}"
