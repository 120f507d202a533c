from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateFileField


class ProcessingActivity(models.Model):
    """An entry of the register of processing activities (AVG article 30), kept by the campaign team."""

    name = models.CharField(_("processing"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    data_subjects = models.CharField(_("categories of persons"), max_length=300)
    personal_data = models.TextField(_("categories of personal data"))
    recipients = models.TextField(_("recipients"), blank=True)
    retention = models.CharField(_("retention period"), max_length=300)
    security = models.TextField(_("security measures"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("processing activity")
        verbose_name_plural = _("register of processing activities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DataExport(models.Model):
    """A user's download of all data the platform holds about them, made by a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = PrivateFileField(_("file"), folder="privacy/exports", blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
