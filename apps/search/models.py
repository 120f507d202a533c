"""The search index: one row per findable thing (format, practice example, article, programme, goal,
target), with its display texts and its analysed tokens (apps/search/text.py). On SQLite an FTS5
table (search_fts) mirrors the tokens; on PostgreSQL a GIN index over to_tsvector of them; the words
of the index (SearchTerm) serve compound splitting and typo tolerance (pg_trgm on PostgreSQL)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import Translated


class Kind(models.TextChoices):
    FORMAT = "format", _("Action formats")
    EXAMPLE = "example", _("Practice examples")
    ARTICLE = "article", _("Knowledge")
    PROGRAMME = "programme", _("Programmes")
    GOAL = "goal", _("Goals and targets")


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=12, help_text=_("format, example, article, programme, goal or target"))
    object_id = models.PositiveBigIntegerField(_("object"))
    key = models.CharField(_("key"), max_length=200, help_text=_("Slug, number or code"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    goals = models.CharField(_("goals"), max_length=80, blank=True, help_text=_("Goal numbers, space-separated"))
    route = models.CharField(_("page"), max_length=60, help_text=_("URL name of the page, e.g. menukaart:format"))
    route_arg = models.CharField(_("page argument"), max_length=200)
    popularity = models.PositiveIntegerField(_("times used"), default=0)
    # analysed tokens per field, each as often as it occurs (term frequency), for ranking (engine.py)
    title_terms = models.TextField(_("title tokens"), blank=True)
    summary_terms = models.TextField(_("summary tokens"), blank=True)
    body_terms = models.TextField(_("text tokens"), blank=True, help_text=_("Every other text: description, steps, answers, goals"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = Translated()
    summary = Translated()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_one_document_per_object")]
        indexes = [models.Index(fields=["kind", "popularity"])]

    def __str__(self):
        return f"{self.source}:{self.key}"

    def get_absolute_url(self):
        from django.urls import reverse

        arg = int(self.route_arg) if self.route_arg.isdigit() else self.route_arg
        return reverse(self.route, args=[arg])

    @property
    def goal_numbers(self) -> list[int]:
        return [int(n) for n in self.goals.split()]


class SearchTerm(models.Model):
    """A word of the index (normalised, not stemmed; for compounds and typos) or a token (a stem or
    synonym group; for weighting), and in how many documents it occurs."""

    word = models.CharField(_("word"), max_length=100)
    token = models.BooleanField(_("token"), default=False)
    documents = models.PositiveIntegerField(_("documents"), default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [models.UniqueConstraint(fields=["token", "word"], name="search_one_row_per_term")]

    def __str__(self):
        return self.word


class PendingChange(models.Model):
    """An object whose document must be brought up to date: written by the signals (one cheap row per
    save), applied in a batch before the next search (engine.search) or by a rebuild."""

    source = models.CharField(_("source"), max_length=12)
    object_id = models.PositiveBigIntegerField(_("object"))

    class Meta:
        verbose_name = _("pending index change")
        verbose_name_plural = _("pending index changes")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_one_pending_change_per_object")]
