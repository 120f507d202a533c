from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateImageField


class YoungChallenger(models.Model):
    """A young civil servant who carries the Global Goals inside their municipality's organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="young_challenger")
    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="young_challengers")
    role_title = models.CharField(_("role"), max_length=150, blank=True)
    works_on = models.TextField(_("what I work on"), blank=True, max_length=2000)
    photo = PrivateImageField(_("photo"), folder="youngchallengers", blank=True)
    focus_goals = models.ManyToManyField("goals.Goal", verbose_name=_("focus goals"), blank=True, related_name="+")
    topics = models.ManyToManyField("knowledge.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    public = models.BooleanField(_("show a summary on the public site"), default=False)
    public_summary = models.CharField(_("public summary"), max_length=300, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("YoungChallenger")
        verbose_name_plural = _("YoungChallengers")
        ordering = ["user__full_name"]

    def __str__(self):
        return f"{self.user.full_name} ({self.municipality})"

    def get_absolute_url(self):
        return reverse("youngchallengers:profile", kwargs={"pk": self.pk})


class Nomination(models.Model):
    """A coordinator nominated someone who has no account yet; it becomes a YoungChallenger when
    the invitation is accepted."""

    email = models.EmailField(_("e-mail address"))
    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [models.UniqueConstraint(fields=["email", "municipality"], name="one_nomination_per_address")]


class Challenge(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    challenger = models.ForeignKey(YoungChallenger, verbose_name=_("YoungChallenger"), on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), related_name="+")
    plan = models.TextField(_("plan"), max_length=5000)
    colleagues = models.TextField(_("colleagues involved"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    result = models.TextField(_("result"), blank=True, max_length=5000)
    story = models.TextField(_("the story afterwards"), blank=True, max_length=5000)
    public = models.BooleanField(_("share with other municipalities"), default=False, help_text=_("Otherwise only your own municipality and the campaign team see the details."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title


class Step(models.Model):
    challenge = models.ForeignKey(Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=200)
    due = models.DateField(_("date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["due", "pk"]


class Post(models.Model):
    """A message in the YoungChallengers' network, visible to logged-in members; the campaign team
    hides what breaks the rules."""

    author = models.ForeignKey(YoungChallenger, verbose_name=_("author"), on_delete=models.CASCADE, related_name="posts")
    body = models.TextField(_("message"), max_length=2000)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals"), blank=True, related_name="+")
    hidden = models.BooleanField(_("hidden by the campaign team"), default=False)
    token = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("network post")
        verbose_name_plural = _("network posts")
        ordering = ["-created_at"]

    def __str__(self):
        return self.body[:60]


class Report(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_person")]
