from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateFileField
from apps.core.i18n import Translated
from apps.core.richtext import render_markdown


class Topic(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    name = Translated()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_nl"]

    def __str__(self):
        return self.name_nl


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    COUNCIL = "council", _("Council members and aldermen")
    RESIDENTS = "residents", _("Residents and organisations")
    YOUNG = "young", _("Young civil servants")


class Article(models.Model):
    """A piece of knowledge: an article, a guide (handreiking), a webinar or a link, in both languages."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        GUIDE = "guide", _("Guide")
        WEBINAR = "webinar", _("Webinar")
        LINK = "link", _("Link")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=500)
    summary_en = models.TextField(_("summary (English)"), max_length=500, blank=True)
    body_nl = models.TextField(_("text (Dutch)"), blank=True, help_text=_("Markdown: ## heading, **bold**, - list, [link](https://…)."))
    body_en = models.TextField(_("text (English)"), blank=True)
    url = models.URLField(_("web address"), blank=True, help_text=_("For a link or a webinar recording."))
    file = PrivateFileField(_("file"), folder="knowledge", blank=True, help_text=_("For a guide: the PDF."))
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="articles")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="articles")
    action_formats = models.ManyToManyField("menukaart.ActionFormat", verbose_name=_("Menukaart formats"), blank=True, related_name="articles")
    practice_examples = models.ManyToManyField(
        "menukaart.PracticeExample", verbose_name=_("practice examples"), blank=True, related_name="articles", limit_choices_to={"status": "published"}
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("E.g. a programme whose guide this is."))
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = Translated()
    summary = Translated()
    body = Translated()

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge base")
        ordering = ["-published_on", "title_nl"]
        indexes = [models.Index(fields=["published", "-published_on"])]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("knowledge:article", kwargs={"slug": self.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)


class Page(models.Model):
    """An editable page of the campaign's own words (e.g. why to join), not a template."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    body_nl = models.TextField(_("text (Dutch)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    title = Translated()
    intro = Translated()
    body = Translated()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title_nl

    def get_absolute_url(self):
        return reverse("knowledge:page", kwargs={"slug": self.slug})

    @property
    def body_html(self):
        return render_markdown(self.body)
