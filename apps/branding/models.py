from django.db import models
from django.utils.translation import gettext_lazy as _


class ArtworkSet(models.Model):
    """The generated logo and banner set of one member municipality, stored through the storage API.

    ``fingerprint`` identifies what the artwork shows (design version, name, focus goals); when it
    no longer matches, the set is stale and is generated again by a worker.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    municipality = models.OneToOneField(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="artwork"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    requested_fingerprint = models.CharField(_("requested fingerprint"), max_length=64, blank=True)
    folder = models.CharField(_("storage folder"), max_length=200, blank=True)
    manifest = models.JSONField(_("files"), default=list, blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    seconds = models.FloatField(_("generation time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now=True)

    class Meta:
        verbose_name = _("logo and banner set")
        verbose_name_plural = _("logo and banner sets")
        ordering = ["municipality__display_name"]

    def __str__(self):
        return str(self.municipality)

    def file(self, language: str, name: str) -> dict | None:
        return next((f for f in self.manifest if f["language"] == language and f["name"] == name), None)
