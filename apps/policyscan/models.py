"""Policy scan: a municipality's documents, their scans, the passages and the goals found in them,
and the members' corrections."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.files import PrivateFileField


class Document(models.Model):
    class Kind(models.TextChoices):
        COALITION = "coalition", _("Coalition agreement")
        BUDGET = "budget", _("Budget or annual report")
        PROPOSAL = "proposal", _("Council or executive proposal")
        POLICY = "policy", _("Policy note or vision")
        OTHER = "other", _("Other document")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        ODT = "odt", "OpenDocument (ODT)"
        HTML = "html", "HTML"
        TEXT = "text", _("Plain text")

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="policy_documents",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices, default=Kind.POLICY)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the document is about or was adopted."))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = PrivateFileField(_("file"), folder="policyscan/documents", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    pasted_text = models.TextField(_("pasted text"), blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    paragraph = models.TextField(
        _("SDG paragraph"), blank=True, help_text=_("The paragraph for the council proposal, as edited by the municipality.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    published = models.BooleanField(
        _("shown on the public profile"),
        default=False,
        help_text=_("Private by default: only a member of the municipality publishes a document (title, year and goals found)."),
    )

    history = HistoricalRecords(excluded_fields=["pasted_text"])

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policyscan_workspace:document", kwargs={"slug": self.municipality.slug, "pk": self.pk})


class Scan(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="scans")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error_code = models.CharField(_("error"), max_length=30, blank=True)
    error_detail = models.CharField(_("error detail"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    passages_total = models.PositiveIntegerField(_("passages"), default=0)
    passages_done = models.PositiveIntegerField(_("passages scanned"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    targets = models.JSONField(_("strongest targets"), default=list, blank=True)
    report = PrivateFileField(_("report (PDF)"), folder="policyscan/reports", blank=True)
    report_status = models.CharField(_("report status"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["profile", "targets", "heartbeat", "passages_done"])

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.document} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.passages_total:
            return 0
        return round(100 * self.passages_done / self.passages_total)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Passage(models.Model):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        HEADING = "heading", _("Heading")
        LIST = "list", _("List")
        TABLE = "table", _("Table")
        TOC = "toc", _("Table of contents")
        BOILERPLATE = "boilerplate", _("Boilerplate")

    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="passages")
    index = models.PositiveIntegerField(_("position"))
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["scan", "index"]
        constraints = [models.UniqueConstraint(fields=["scan", "index"], name="policyscan_passage_unique_index")]

    def __str__(self):
        return f"{self.scan_id}#{self.index}"


class PassageGoal(models.Model):
    """A goal the classifier found in a passage, with its evidence; a member may confirm or reject it."""

    class Verdict(models.TextChoices):
        NONE = "", _("Not reviewed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    passage = models.ForeignKey(Passage, verbose_name=_("passage"), on_delete=models.CASCADE, related_name="goals")
    scan = models.ForeignKey(Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="assignments")
    goal = models.ForeignKey("goals.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    evidence = models.JSONField(_("evidence"), default=list)
    targets = models.JSONField(_("targets"), default=list)
    verdict = models.CharField(_("correction"), max_length=10, choices=Verdict.choices, default=Verdict.NONE, blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verdict_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["evidence", "targets"])

    class Meta:
        verbose_name = _("goal in a passage")
        verbose_name_plural = _("goals in passages")
        ordering = ["passage__index", "-score"]
        constraints = [models.UniqueConstraint(fields=["passage", "goal"], name="policyscan_passagegoal_unique")]
        indexes = [models.Index(fields=["scan", "goal"])]

    def __str__(self):
        return f"{self.passage} → {self.goal_id}"
