import re

from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Province(models.TextChoices):
    GRONINGEN = "groningen", "Groningen"
    FRYSLAN = "fryslan", "Fryslân"
    DRENTHE = "drenthe", "Drenthe"
    OVERIJSSEL = "overijssel", "Overijssel"
    FLEVOLAND = "flevoland", "Flevoland"
    GELDERLAND = "gelderland", "Gelderland"
    UTRECHT = "utrecht", "Utrecht"
    NOORD_HOLLAND = "noord-holland", "Noord-Holland"
    ZUID_HOLLAND = "zuid-holland", "Zuid-Holland"
    ZEELAND = "zeeland", "Zeeland"
    NOORD_BRABANT = "noord-brabant", "Noord-Brabant"
    LIMBURG = "limburg", "Limburg"

    @classmethod
    def from_name(cls, name: str) -> "Province":
        for value, label in cls.choices:
            if label == name:
                return cls(value)
        raise ValueError(f"Unknown province {name!r}")


class SizeClass(models.IntegerChoices):
    """Population classes used for filters and for comparing municipalities."""

    UP_TO_20K = 1, _("up to 20,000 inhabitants")
    FROM_20K = 2, _("20,000 to 50,000 inhabitants")
    FROM_50K = 3, _("50,000 to 100,000 inhabitants")
    FROM_100K = 4, _("100,000 to 250,000 inhabitants")
    FROM_250K = 5, _("250,000 inhabitants or more")


SIZE_CLASS_LOWER_BOUNDS = {1: 0, 2: 20_000, 3: 50_000, 4: 100_000, 5: 250_000}

CBS_SUFFIX = re.compile(r"\s+\([A-Z]{1,2}\.\)$")


def display_name_for(cbs_name: str) -> str:
    """'Bergen (NH.)' -> 'Bergen': CBS adds these suffixes; the municipalities do not use them."""
    return CBS_SUFFIX.sub("", cbs_name)


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def members(self):
        return self.filter(membership__isnull=False)


class Municipality(models.Model):
    """A Dutch municipality (gemeente) in the CBS classification.

    Municipalities that were merged keep their row with ``valid_until`` and ``successor`` set,
    so their history (membership, activities) stays attached to them.
    """

    cbs_code = models.CharField(_("CBS code"), max_length=6, unique=True, help_text=_("For example GM0363."))
    name = models.CharField(_("official name (CBS)"), max_length=100)
    display_name = models.CharField(_("name"), max_length=100, help_text=_("The name without CBS's disambiguation suffix."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population on"), null=True, blank=True)
    size_class = models.GeneratedField(
        expression=Case(
            When(population__gte=250_000, then=Value(5)),
            When(population__gte=100_000, then=Value(4)),
            When(population__gte=50_000, then=Value(3)),
            When(population__gte=20_000, then=Value(2)),
            When(population__isnull=False, then=Value(1)),
            default=Value(None),
        ),
        output_field=models.PositiveSmallIntegerField(choices=SizeClass.choices, null=True),
        db_persist=True,
        verbose_name=_("size class"),
    )
    valid_from = models.DateField(_("exists since"), null=True, blank=True)
    valid_until = models.DateField(_("existed until"), null=True, blank=True)
    successor = models.ForeignKey("self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors")
    map_path = models.TextField(_("map outline (SVG path)"), blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["map_path"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["display_name", "cbs_code"]
        indexes = [models.Index(fields=["province", "display_name"]), models.Index(fields=["size_class"])]
        constraints = [
            models.CheckConstraint(name="merged_municipality_has_end_date", condition=Q(successor__isnull=True) | Q(valid_until__isnull=False)),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("pages:municipality", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        return self.valid_until is None


class Reorganisation(models.Model):
    """A municipal reorganisation (herindeling): old municipalities merged into a new or existing one."""

    effective_date = models.DateField(_("effective date"))
    new_municipality = models.ForeignKey(Municipality, verbose_name=_("resulting municipality"), on_delete=models.PROTECT, related_name="formed_by")
    old_municipalities = models.ManyToManyField(Municipality, verbose_name=_("merged municipalities"), related_name="merged_in")
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipal reorganisation")
        verbose_name_plural = _("municipal reorganisations")
        ordering = ["-effective_date"]
        constraints = [models.UniqueConstraint(fields=["effective_date", "new_municipality"], name="one_reorganisation_per_date_and_result")]

    def __str__(self):
        return f"{self.effective_date}: {self.new_municipality}"
