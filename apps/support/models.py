from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateFileField


class Category(models.TextChoices):
    ACTIVITIES = "activities", _("Which activities fit us?")
    COUNCIL = "council", _("Help with a council proposal or policy")
    SPEAKER = "speaker", _("Book a speaker or workshop")
    BUDGET = "budget", _("Budget, monitor or policy scan")
    COMMUNICATION = "communication", _("Logo, communication and events")
    OTHER = "other", _("Something else")


class SupportRequest(models.Model):
    """A municipality's question to the campaign team, with a thread of messages."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for you")
        DONE = "done", _("Done")

    municipality = models.ForeignKey("municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="support_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, related_name="support_requests")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    goals = models.ManyToManyField("goals.Goal", verbose_name=_("goals concerned"), blank=True, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_support_requests",
        limit_choices_to={"role": "campaign_team"},
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "-created_at"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        return f"V-{self.pk:05d}" if self.pk else "V-?"

    @property
    def response_time(self):
        return (self.first_response_at - self.created_at) if self.first_response_at else None


class Message(models.Model):
    request = models.ForeignKey(SupportRequest, verbose_name=_("support request"), on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+")
    from_team = models.BooleanField(_("from the campaign team"), default=False)
    body = models.TextField(_("message"))
    attachment = PrivateFileField(_("attachment"), folder="support", blank=True)
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    articles = models.ManyToManyField(
        "knowledge.Article", verbose_name=_("linked knowledge articles"), blank=True, related_name="+", help_text=_("Shown with the message.")
    )
    action_formats = models.ManyToManyField(
        "menukaart.ActionFormat", verbose_name=_("linked Menukaart formats"), blank=True, related_name="+", help_text=_("Shown with the message.")
    )
    token = models.UUIDField(_("submission token"), unique=True, null=True, blank=True, help_text=_("Makes a double click send one message."))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request.number} {self.created_at:%Y-%m-%d %H:%M}"
