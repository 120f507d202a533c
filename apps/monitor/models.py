"""The Monitor: a catalogue of local indicators, each municipality's own set with baseline and 2030
ambition, values per year (optionally per neighbourhood or group), reference values (national and
size-class averages), uploads waiting for confirmation, and Voluntary Local Reviews."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.files import PrivateFileField
from apps.core.i18n import Translated


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Availability(models.TextChoices):
    MUNICIPALITY = "municipality", _("Published per municipality")
    NEIGHBOURHOOD = "neighbourhood", _("Published per municipality and neighbourhood")
    OWN = "own", _("The municipality's own records")


class Indicator(models.Model):
    """An indicator of the library (``municipality`` empty) or one a municipality added itself.

    ``goal`` has no database constraint: the library is loaded by a migration, before
    ``load_reference_data`` has loaded the goals (the goal numbers are fixed, 1-17)."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("For example 12.5.g1 (target 12.5, local indicator 1)."))
    goal = models.ForeignKey("goals.Goal", verbose_name=_("goal"), on_delete=models.DO_NOTHING, db_constraint=False, related_name="indicators")
    target = models.CharField(_("target"), max_length=6, blank=True, help_text=_("UN target code, for example 12.5."))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit_nl = models.CharField(_("unit (Dutch)"), max_length=100)
    unit_en = models.CharField(_("unit (English)"), max_length=100)
    direction = models.CharField(_("better when"), max_length=4, choices=Direction.choices, default=Direction.UP)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_table = models.CharField(_("source table"), max_length=60, blank=True, help_text=_("For example a CBS StatLine table id."))
    source_url = models.URLField(_("source web address"), blank=True)
    availability = models.CharField(_("availability"), max_length=20, choices=Availability.choices, default=Availability.MUNICIPALITY)
    indicator_set = models.CharField(_("indicator set"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("own indicator of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        help_text=_("Empty for the library; set for an indicator a municipality added itself."),
    )
    active = models.BooleanField(_("in the library"), default=True)

    name = Translated()
    definition = Translated()
    unit = Translated()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal_id", "code"]

    def __str__(self):
        return f"{self.code} {self.name_nl}"

    @property
    def slug(self) -> str:
        return self.code.replace(".", "-")

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.UP


class AdoptedIndicator(models.Model):
    """An indicator in a municipality's own set, with baseline, ambition and public visibility."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="monitor_indicators"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="adoptions")
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    target_value = models.FloatField(_("ambition"), null=True, blank=True, help_text=_("The value the municipality wants to reach."))
    target_year = models.PositiveSmallIntegerField(_("ambition year"), default=2030)
    public = models.BooleanField(_("show on the public profile"), default=True)
    note = models.TextField(_("explanation"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adopted indicator")
        verbose_name_plural = _("adopted indicators")
        ordering = ["indicator__goal_id", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["municipality", "indicator"], name="monitor_adopted_once")]

    def __str__(self):
        return f"{self.municipality} · {self.indicator.code}"

    def get_absolute_url(self):
        return reverse("monitor:indicator", kwargs={"slug": self.municipality.slug, "code": self.indicator.slug})


class Value(models.Model):
    """A municipality's value of an indicator in a year; ``disaggregation`` empty for the total,
    otherwise for example "Wijk: Overvecht" or "Leeftijd: 65+"."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="monitor_values"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    disaggregation = models.CharField(_("breakdown"), max_length=120, blank=True, default="")
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["indicator_id", "disaggregation", "year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "indicator", "disaggregation", "year"], name="monitor_value_once")]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class ReferenceValue(models.Model):
    """A reference for comparison, loaded by the campaign team: the national average (NL01) or
    the average of a size class (GK1-GK5)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="reference_values")
    area = models.CharField(_("reference"), max_length=8, help_text=_("NL01 for the Netherlands, GK1-GK5 for the size classes."))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reference value")
        verbose_name_plural = _("reference values")
        ordering = ["indicator_id", "area", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "year"], name="monitor_reference_once")]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.year}: {self.value}"


class Upload(models.Model):
    """A parsed CSV/XLSX file between its preview and its confirmation. The rows are kept as
    checked JSON (never the file itself), so confirming writes exactly what the preview showed."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Values of a municipality")
        REFERENCE = "reference", _("Reference values")

    class Status(models.TextChoices):
        INVALID = "invalid", _("Has problems")
        READY = "ready", _("Ready to import")
        IMPORTED = "imported", _("Imported")

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, null=True, blank=True, related_name="monitor_uploads"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    filename = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.JSONField(_("checked rows"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class Review(models.Model):
    """A Voluntary Local Review: editable texts around figures that are filled in when shown."""

    class PdfStatus(models.TextChoices):
        NONE = "", _("No PDF yet")
        QUEUED = "queued", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="reviews")
    language = models.CharField(_("language"), max_length=2, choices=[("nl", _("Dutch")), ("en", _("English"))])
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    approach = models.TextField(_("approach"), max_length=10000, blank=True)
    goal_texts = models.JSONField(_("text per goal"), default=dict, blank=True)
    conclusion = models.TextField(_("conclusion and next steps"), max_length=10000, blank=True)
    pdf = PrivateFileField(_("PDF"), folder="monitor/reviews", blank=True)
    pdf_status = models.CharField(_("PDF status"), max_length=10, choices=PdfStatus.choices, blank=True, default="")
    pdf_made_at = models.DateTimeField(_("PDF made"), null=True, blank=True)
    pdf_error = models.CharField(_("PDF error"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["pdf", "pdf_status", "pdf_made_at", "pdf_error"])

    class Meta:
        verbose_name = _("Voluntary Local Review")
        verbose_name_plural = _("Voluntary Local Reviews")
        ordering = ["-year", "language"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "language"], name="monitor_review_once")]

    def __str__(self):
        return self.title


class OpenDataset(models.Model):
    """A published open-data set loaded for every municipality (for example CBS 70072NED), with its
    licence and attribution and the report of its last load."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    table_id = models.CharField(_("table id"), max_length=60)
    licence = models.CharField(_("licence"), max_length=100)
    attribution = models.CharField(_("attribution"), max_length=300)
    url = models.URLField(_("web address"), blank=True)
    loaded_at = models.DateTimeField(_("loaded"), null=True, blank=True)
    report = models.JSONField(_("report of the last load"), default=dict, blank=True)

    title = Translated()

    class Meta:
        verbose_name = _("open-data set")
        verbose_name_plural = _("open-data sets")
        ordering = ["key"]

    def __str__(self):
        return f"{self.title_nl} ({self.table_id})"


class OpenValue(models.Model):
    """A published value of an open-data indicator for a municipality of the current division and
    a year. ``computation`` holds the published figures it was computed from (for a rate or a value
    per inhabitant) and the old municipalities it was carried over from; an empty ``value`` keeps
    the reason in ``empty_reason``. The ranks are computed when the set is loaded (1 = best)."""

    class EmptyReason(models.TextChoices):
        NONE = "", _("Not empty")
        MERGED_LEVEL = "merged_level", _("An average or level of merged municipalities cannot be combined without its parts")
        MISSING_PART = "missing_part", _("A figure needed for the computation was not published for every merged municipality")
        ZERO_DENOMINATOR = "zero_denominator", _("The denominator is zero")

    dataset = models.ForeignKey(OpenDataset, verbose_name=_("open-data set"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="open_values")
    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="open_values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), null=True, blank=True)
    empty_reason = models.CharField(_("why empty"), max_length=20, choices=EmptyReason.choices, blank=True, default="")
    computation = models.JSONField(_("computation"), default=dict, blank=True)
    rank_all = models.PositiveSmallIntegerField(_("rank among all municipalities"), null=True, blank=True)
    count_all = models.PositiveSmallIntegerField(_("municipalities with a value"), null=True, blank=True)
    rank_province = models.PositiveSmallIntegerField(_("rank in the province"), null=True, blank=True)
    count_province = models.PositiveSmallIntegerField(_("municipalities in the province with a value"), null=True, blank=True)
    rank_size = models.PositiveSmallIntegerField(_("rank in the size class"), null=True, blank=True)
    count_size = models.PositiveSmallIntegerField(_("municipalities in the size class with a value"), null=True, blank=True)

    class Meta:
        verbose_name = _("open-data value")
        verbose_name_plural = _("open-data values")
        ordering = ["indicator_id", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "municipality", "year"], name="monitor_open_value_once")]
        indexes = [models.Index(fields=["municipality", "indicator", "year"])]

    def __str__(self):
        return f"{self.indicator.code} {self.municipality_id} {self.year}: {self.value}"


class OpenPeerStat(models.Model):
    """The median and count of an open-data indicator in a year for a group of municipalities:
    ``all``, ``province:<province>`` or ``size:<1-5>``; computed when the set is loaded, so a page
    reads its peers with one query whatever the number of municipalities."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="open_peer_stats")
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("group"), max_length=30)
    count = models.PositiveSmallIntegerField(_("municipalities with a value"))
    median = models.FloatField(_("median"))
    low = models.FloatField(_("lowest"))
    high = models.FloatField(_("highest"))

    class Meta:
        verbose_name = _("open-data peer statistic")
        verbose_name_plural = _("open-data peer statistics")
        ordering = ["indicator_id", "group", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "group"], name="monitor_open_peer_once")]


class HiddenOpenIndicator(models.Model):
    """An open-data indicator a municipality chose not to show on its public monitor."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="hidden_open_indicators"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("hidden on"), auto_now_add=True)

    class Meta:
        verbose_name = _("hidden open-data indicator")
        verbose_name_plural = _("hidden open-data indicators")
        constraints = [models.UniqueConstraint(fields=["municipality", "indicator"], name="monitor_open_hidden_once")]
