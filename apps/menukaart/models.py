"""The Menukaart: action formats the campaign offers, the activities municipalities plan and record,
practice examples they send in (versioned, moderated) and the yearly Global Goals award."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateFileField, PrivateImageField
from apps.core.i18n import Translated
from apps.core.richtext import render_markdown


class Category(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Translated()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name_nl"]

    def __str__(self):
        return self.name_nl


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    COUNCIL = "council", _("Council and executive")
    COLLEAGUES = "colleagues", _("Colleagues in the organisation")
    YOUTH = "youth", _("Young people and schools")
    BUSINESS = "business", _("Businesses and organisations")


class Effort(models.TextChoices):
    LOW = "low", _("Small: a few days")
    MEDIUM = "medium", _("Medium: a few weeks")
    HIGH = "high", _("Large: a project of months")


class Cost(models.TextChoices):
    NONE = "none", _("Hardly any costs")
    LOW = "low", _("Up to € 2,500")
    MEDIUM = "medium", _("€ 2,500 to € 10,000")
    HIGH = "high", _("More than € 10,000")


class ActionFormat(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="formats")
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600)
    description_nl = models.TextField(_("description (Dutch)"), blank=True, help_text=_("Markdown."))
    description_en = models.TextField(_("description (English)"), blank=True, help_text=_("Markdown."))
    steps_nl = models.TextField(_("step-by-step plan (Dutch)"), blank=True, help_text=_("One step per line."))
    steps_en = models.TextField(_("step-by-step plan (English)"), blank=True, help_text=_("One step per line."))
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), related_name="action_formats")
    targets = models.ManyToManyField("goals.Target", verbose_name=_("targets"), blank=True, related_name="action_formats")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    cost = models.CharField(_("indicative cost"), max_length=10, choices=Cost.choices)
    lead_time_weeks = models.PositiveSmallIntegerField(_("lead time (weeks)"), default=4)
    published = models.BooleanField(_("published"), default=True, db_index=True)
    from_example = models.ForeignKey(
        "PracticeExample", verbose_name=_("from practice example"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = Translated()
    summary = Translated()
    description = Translated()
    steps = Translated()

    class Meta:
        verbose_name = _("action format")
        verbose_name_plural = _("action formats")
        ordering = ["title_nl"]
        indexes = [models.Index(fields=["published", "title_nl"])]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("menukaart:format", kwargs={"slug": self.slug})

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def step_list(self):
        return [line.strip(" -•\t") for line in (self.steps or "").splitlines() if line.strip()]


class Material(models.Model):
    action_format = models.ForeignKey(ActionFormat, verbose_name=_("action format"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = PrivateFileField(_("file"), folder="menukaart/materials")

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title


class Activity(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="activities")
    action_format = models.ForeignKey(ActionFormat, verbose_name=_("action format"), on_delete=models.SET_NULL, null=True, blank=True, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("date"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="activities")
    partners = models.TextField(_("partners"), blank=True, max_length=1000)
    report = models.TextField(_("short report afterwards"), blank=True, max_length=5000)
    reach = models.PositiveIntegerField(_("reach (participants)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"]), models.Index(fields=["status", "start_date"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.DONE)


class Photo(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    image = PrivateImageField(_("photo"), folder="menukaart/photos")
    caption = models.CharField(_("description of the photo"), max_length=200)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption


class PracticeExample(models.Model):
    """A municipality's practice example, sent in to enrich the Menukaart. Every submission is a new,
    immutable version; moderation happens on a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="practice_examples")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # the draft being written (copied into a version at each submission)
    title = models.CharField(_("title"), max_length=200)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="+")
    q_policy = models.TextField(_("How did you connect the goals to policy or budget?"), blank=True)
    q_integral = models.TextField(_("How did you link social, economic and ecological aims?"), blank=True)
    q_local = models.TextField(_("Which local partners worked with you, and how?"), blank=True)
    q_regional = models.TextField(_("Which regional or international partners were involved?"), blank=True)
    q_visibility = models.TextField(_("Which events or visibility did it bring?"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent in by"), on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("The number of the last submitted version."))
    action_format = models.ForeignKey(
        ActionFormat, verbose_name=_("published on format"), on_delete=models.SET_NULL, null=True, blank=True, related_name="practice_examples"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    QUESTIONS = ["q_policy", "q_integral", "q_local", "q_regional", "q_visibility"]

    class Meta:
        verbose_name = _("practice example")
        verbose_name_plural = _("practice examples")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The public page of a published example (the published version's text)."""
        return reverse("menukaart:example", kwargs={"pk": self.pk})

    @property
    def word_count(self) -> int:
        return sum(len(getattr(self, q).split()) for q in self.QUESTIONS)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class ExampleVersion(models.Model):
    example = models.ForeignKey(PracticeExample, verbose_name=_("practice example"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    goal_numbers = models.JSONField(_("goals"), default=list)
    answers = models.JSONField(_("answers"), default=dict)
    word_count = models.PositiveIntegerField(_("words"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent in by"), on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("sent in"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["example", "number"]
        constraints = [models.UniqueConstraint(fields=["example", "number"], name="one_number_per_version")]

    def __str__(self):
        return _("Version %(n)s of %(title)s") % {"n": self.number, "title": self.title}


class Attachment(models.Model):
    example = models.ForeignKey(PracticeExample, verbose_name=_("practice example"), on_delete=models.CASCADE, related_name="attachments")
    file = PrivateFileField(_("file"), folder="menukaart/examples")
    name = models.CharField(_("file name"), max_length=200)
    alt_text = models.CharField(
        _("what is on the image?"), max_length=250, blank=True, help_text=_("For people who cannot see the image; shown with the published example.")
    )
    is_image = models.BooleanField(_("image"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class ModerationEvent(models.Model):
    """One step of the moderation, with the message to the sender, taken on a given version."""

    example = models.ForeignKey(PracticeExample, verbose_name=_("practice example"), on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("new status"), max_length=20, choices=PracticeExample.Status.choices)
    message = models.TextField(_("message to the municipality"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return _("%(status)s (version %(n)s)") % {"status": self.get_status_display(), "n": self.version}


class AwardCategory(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_nl = models.CharField(_("description (Dutch)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300)

    name = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["pk"]

    def __str__(self):
        return self.name_nl


class AwardRound(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    jury = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("jury"), blank=True, related_name="award_rounds")
    entries_open = models.BooleanField(_("open for entries"), default=True)
    jury_closed = models.BooleanField(
        _("jury scoring closed"), default=False, help_text=_("Until then jury members can change and delete their scores.")
    )
    results_published = models.BooleanField(_("results published"), default=False)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("results published by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    publish_override = models.TextField(
        _("reason for publishing with missing scores"), blank=True, help_text=_("Recorded when results were published before every jury member had scored.")
    )

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class Criterion(models.Model):
    award_round = models.ForeignKey(AwardRound, verbose_name=_("award round"), on_delete=models.CASCADE, related_name="criteria")
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    name = Translated()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name_nl} ({self.award_round.year})"


class Entry(models.Model):
    award_round = models.ForeignKey(AwardRound, verbose_name=_("award round"), on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(AwardCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries")
    example = models.ForeignKey(PracticeExample, verbose_name=_("practice example"), on_delete=models.CASCADE, related_name="award_entries")
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("award entry")
        verbose_name_plural = _("award entries")
        constraints = [models.UniqueConstraint(fields=["award_round", "example"], name="one_entry_per_example_per_year")]

    def __str__(self):
        return f"{self.award_round.year} {self.category}: {self.example}"


class Score(models.Model):
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("jury member"), on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score (1-10)"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "juror", "criterion"], name="one_score_per_juror_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=10), name="score_from_1_to_10"),
        ]

    def __str__(self):
        return f"{self.criterion.name_nl}: {self.value}"
