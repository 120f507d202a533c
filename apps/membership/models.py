from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DecisionBody(models.TextChoices):
    COUNCIL = "council", _("Municipal council (raad)")
    EXECUTIVE = "executive", _("Mayor and aldermen (college)")


class Application(models.Model):
    """A request to join the campaign (aanmelding). There are no minimum requirements."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address not yet confirmed")
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    municipality = models.ForeignKey(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="applications"
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    contact_role = models.CharField(_("role or position"), max_length=150)
    decision_body = models.CharField(_("decision taken by"), max_length=20, choices=DecisionBody.choices, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    motivation = models.TextField(_("motivation"))
    focus_goals = models.ManyToManyField("goals.Goal", verbose_name=_("focus goals"), blank=True, related_name="+")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True)

    history = HistoricalRecords(m2m_fields=[focus_goals])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality"], condition=Q(status="pending"), name="one_pending_application_per_municipality"),
        ]

    def __str__(self):
        return f"{self.municipality} ({self.get_status_display()})"


class Membership(models.Model):
    """A municipality's membership of the campaign. A municipality can be a member once."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="membership"
    )
    since = models.DateField(_("member since"))
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.SET_NULL, null=True, blank=True, related_name="membership"
    )
    focus_goals = models.ManyToManyField("goals.Goal", verbose_name=_("focus goals"), blank=True, related_name="memberships")
    decision_body = models.CharField(_("decision taken by"), max_length=20, choices=DecisionBody.choices, blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True, max_length=2000, help_text=_("A few sentences for the public profile."))
    website = models.URLField(_("web page about the Global Goals"), blank=True)
    first_steps_done = models.JSONField(_("first steps ticked off"), default=list, blank=True, help_text=_("Steps the municipality marked as done itself."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[focus_goals])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality__display_name"]

    def __str__(self):
        return str(self.municipality)
