"""Begroting: a municipality's budget per Iv3 taakveld, tagged to the Global Goals.

* :class:`Taakveld` and :class:`KeyShare` are reference data (apps/budget/data/, SOURCE.md there):
  the Iv3 list and the default key taakveld -> goals that the campaign team maintains.
* :class:`Budget` is one version of one year (primitieve begroting, a begrotingswijziging, the
  jaarrekening) with its :class:`BudgetLine` rows; a municipality's override of the key for one
  line is a set of :class:`LineShare` rows, every change recorded as a :class:`TaggingEvent`.
* :class:`GoalTotal` holds the computed amount per goal of a budget (recomputed on every write), so
  that pages, comparisons and the API read it in one query.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.files import PrivateFileField
from apps.core.i18n import Translated


class Role(models.TextChoices):
    PRIMARY = "primary", _("Primary: by the key")
    SUPPORT = "support", _("Support: in proportion to the primary taakvelden")
    SEPARATE = "separate", _("Shown separately")


class KeyMode(models.TextChoices):
    DISTRIBUTE = "distribute", _("Support taakvelden in proportion to the goals of the primary taakvelden")
    SEPARATE = "separate", _("Support taakvelden shown separately")


class Taakveld(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    current = models.BooleanField(
        _("in the current list"),
        default=True,
        help_text=_("Off for older codes (e.g. 6.71a) that are kept as their own line where a split cannot be decided."),
    )
    role = models.CharField(
        _("role in the default key"),
        max_length=10,
        choices=Role.choices,
        default=Role.PRIMARY,
        help_text=_("Support taakvelden (overhead, treasury, general cover) serve every goal; land development is shown separately."),
    )
    main = models.PositiveSmallIntegerField(_("hoofdtaakveld"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_nl = models.CharField(_("description (Dutch)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    negative_lasten_allowed = models.BooleanField(_("negative expenditure allowed"), default=False)
    counts_in_total = models.BooleanField(
        _("counts in total expenditure"), default=True, help_text=_("Off for balances such as changes in reserves and the result.")
    )
    reasoning_nl = models.TextField(_("reasoning of the key (Dutch)"), blank=True)
    reasoning_en = models.TextField(_("reasoning of the key (English)"), blank=True)

    name = Translated()
    description = Translated()
    reasoning = Translated()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taakveld")
        verbose_name_plural = _("taakvelden")
        ordering = ["order"]

    def __str__(self):
        return f"{self.code} {self.name_nl}"


class KeyShare(models.Model):
    """One goal's share of a taakveld in the default key (the shares of a taakveld sum to 100)."""

    taakveld = models.ForeignKey(Taakveld, verbose_name=_("taakveld"), on_delete=models.CASCADE, related_name="key_shares")
    # db_constraint=False: the key is loaded by a migration, before the goals are (load_reference_data).
    goal = models.ForeignKey("goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, db_constraint=False, related_name="+")
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)
    targets = models.CharField(_("targets"), max_length=100, blank=True, help_text=_("Target codes, separated by spaces, e.g. 11.2 11.6."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("share in the default key")
        verbose_name_plural = _("default key")
        ordering = ["taakveld__order", "goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["taakveld", "goal"], name="budget_key_one_share_per_goal"),
            models.CheckConstraint(name="budget_key_percentage_range", condition=Q(percentage__gt=0, percentage__lte=100)),
        ]

    def __str__(self):
        return f"{self.taakveld.code} → {self.goal_id}: {self.percentage}%"


class Version(models.TextChoices):
    PRIMITIVE = "primitive", _("Original budget")
    AMENDMENT = "amendment", _("Budget amendment")
    ACCOUNTS = "accounts", _("Annual accounts")


class Origin(models.TextChoices):
    CBS = "cbs", _("CBS open data")
    IMPORT = "import", _("Imported by the municipality")
    DEMO = "demo", _("Demo")


VERSION_RANK = {Version.PRIMITIVE: 1, Version.AMENDMENT: 2, Version.ACCOUNTS: 3}


class Budget(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=12, choices=Version.choices)
    number = models.PositiveSmallIntegerField(_("amendment number"), default=0, help_text=_("Only for budget amendments: 1, 2, ..."))
    source = models.CharField(_("source"), max_length=200, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.IMPORT)
    checksum = models.CharField(_("checksum of the loaded lines"), max_length=64, blank=True)
    key_mode = models.CharField(_("key for support taakvelden"), max_length=10, choices=KeyMode.choices, default=KeyMode.DISTRIBUTE)
    total_separate = models.DecimalField(_("expenditure shown separately"), max_digits=16, decimal_places=2, default=0)
    total_lasten = models.DecimalField(_("total expenditure"), max_digits=16, decimal_places=2, default=0)
    total_baten = models.DecimalField(_("total income"), max_digits=16, decimal_places=2, default=0)
    paragraph = models.TextField(_("Global Goals paragraph"), blank=True)
    paragraph_changed_at = models.DateTimeField(_("paragraph changed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["total_lasten", "total_baten", "total_separate", "checksum", "updated_at"])

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "-version", "-number"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "version", "number"], name="budget_one_per_version")]
        indexes = [models.Index(fields=["year", "municipality"])]

    def __str__(self):
        return f"{self.municipality} {self.label}"

    def get_absolute_url(self):
        return reverse("budget_workspace:budget", kwargs={"slug": self.municipality.slug, "pk": self.pk})

    @property
    def version_label(self) -> str:
        label = str(self.get_version_display())
        return f"{label} {self.number}" if self.version == Version.AMENDMENT and self.number else label

    @property
    def label(self) -> str:
        return f"{self.version_label} {self.year}"


class BudgetLine(models.Model):
    """One taakveld line (optionally per programme), or a municipality's own sub-line below one:
    a sub-line takes its amount out of its parent line and can be tagged on its own."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    taakveld = models.ForeignKey(Taakveld, verbose_name=_("taakveld"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    programme = models.CharField(_("programme"), max_length=150, blank=True)
    label = models.CharField(_("description"), max_length=200, blank=True)
    lasten = models.DecimalField(_("expenditure"), max_digits=14, decimal_places=2)
    baten = models.DecimalField(_("income"), max_digits=14, decimal_places=2, default=0)
    original_code = models.CharField(
        _("code in the file"), max_length=8, blank=True, help_text=_("An older taakveld code mapped to the current list.")
    )
    row = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    tagged = models.BooleanField(_("own tagging"), default=False, help_text=_("Off: the default key applies."))
    reason = models.TextField(_("why this tagging"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["taakveld__order", "programme", "parent_id", "pk"]

    def __str__(self):
        return f"{self.taakveld.code} {self.label or self.taakveld.name_nl}"


class LineShare(models.Model):
    """A goal's share of a budget line in the municipality's own tagging."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="shares")
    goal = models.ForeignKey("goals.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("share of a budget line")
        verbose_name_plural = _("shares of budget lines")
        ordering = ["goal_id"]
        constraints = [models.UniqueConstraint(fields=["line", "goal"], name="budget_line_one_share_per_goal")]


class TaggingEvent(models.Model):
    """Who changed the tagging of which line, when, why, from what to what."""

    class Kind(models.TextChoices):
        TAGGED = "tagged", _("Tagging changed")
        RESET = "reset", _("Back to the default key")
        SUBLINE = "subline", _("Own line added")
        SUBLINE_REMOVED = "subline_removed", _("Own line removed")
        IMPORTED = "imported", _("Imported")
        PARAGRAPH = "paragraph", _("Paragraph changed")

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="events")
    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    summary = models.CharField(_("what"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        ordering = ["-at", "-pk"]


class GoalTotal(models.Model):
    """Computed: a budget's lasten per goal (exact to the cent; the amounts of a budget sum to its total)."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="goal_totals")
    goal = models.ForeignKey("goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, db_constraint=False, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("budget per goal")
        verbose_name_plural = _("budget per goal")
        constraints = [models.UniqueConstraint(fields=["budget", "goal"], name="budget_goal_total_once")]


class BudgetImport(models.Model):
    """An upload or form entry waiting for confirmation: the parsed rows and the problems found.
    Nothing is written to a budget until the rows are valid and the user confirms (once)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        DONE = "done", _("Imported")

    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=12, choices=Version.choices)
    number = models.PositiveSmallIntegerField(_("amendment number"), default=0)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    rows = models.JSONField(_("rows"), default=list)
    problems = models.JSONField(_("problems"), default=list)
    unit = models.PositiveIntegerField(_("unit (euros per amount in the file)"), default=1)
    notes = models.JSONField(_("what the import recognised"), default=dict, blank=True)
    unit_question = models.TextField(_("question about the unit"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget import")
        verbose_name_plural = _("budget imports")
        ordering = ["-created_at"]


class BudgetDocument(models.Model):
    """A printable PDF of the Global Goals paragraph, typeset in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(_("language"), max_length=2, default="nl")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = PrivateFileField(_("file"), folder="budget/pdf", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget PDF")
        verbose_name_plural = _("budget PDFs")
        ordering = ["-requested_at"]


class BulkLoad(models.Model):
    """The campaign team's load of a CBS Iv3 file for all municipalities, run as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=12, choices=Version.choices, default=Version.PRIMITIVE)
    filename = models.CharField(_("file"), max_length=200)
    data = models.BinaryField(_("file contents (compressed)"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("municipalities processed"), default=0)
    total = models.PositiveIntegerField(_("municipalities in the file"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk load")
        verbose_name_plural = _("bulk loads (CBS)")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.year})"
