from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.i18n import Translated


@lru_cache(maxsize=256)
def text_colour_for(colour: str) -> str:
    """Black or white, whichever contrasts more with ``colour`` (#RRGGBB; WCAG relative luminance),
    computed once per colour per process."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


class Goal(models.Model):
    """One of the 17 Sustainable Development Goals. Loaded from apps/goals/data/ (see README there)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("Official UN colour, #RRGGBB."))
    title_short_nl = models.CharField(_("short title (Dutch)"), max_length=100)
    title_short_en = models.CharField(_("short title (English)"), max_length=100)
    title_full_nl = models.CharField(_("full title (Dutch)"), max_length=300)
    title_full_en = models.CharField(_("full title (English)"), max_length=300)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    title_short = Translated()
    title_full = Translated()
    description = Translated()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title_short}"

    @property
    def text_colour(self) -> str:
        """Black or white, whichever contrasts more with the goal colour (WCAG relative luminance)."""
        return text_colour_for(self.colour)


class Target(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome target")
        MEANS = "means_of_implementation", _("Means of implementation")

    code = models.CharField(_("code"), max_length=6, unique=True)
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title_short_nl = models.CharField(_("short title (Dutch)"), max_length=150)
    title_short_en = models.CharField(_("short title (English)"), max_length=150)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))

    title_short = Translated()
    text = Translated()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["order"]

    def __str__(self):
        return f"{self.code} {self.title_short}"
