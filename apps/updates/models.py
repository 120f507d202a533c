from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    COORDINATORS = "coordinators", _("All coordinators of member municipalities")
    MEMBERS = "members", _("Everyone working for a member municipality")
    YOUNG_CHALLENGERS = "young_challengers", _("YoungChallengers")


class Update(models.Model):
    """A message from the campaign team to a group, sent by e-mail by a background task."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), help_text=_("Plain text. An unsubscribe link is added below it."))
    audience = models.CharField(_("to"), max_length=30, choices=Audience.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One recipient of one update: recorded before the e-mail goes out, so no one gets it twice."""

    update = models.ForeignKey(Update, verbose_name=_("update"), on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["update", "email"], name="one_delivery_per_address")]


class OptOut(models.Model):
    """An address that asked for no more updates (through the link in an update, no login needed)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
