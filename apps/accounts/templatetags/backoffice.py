"""The campaign team's to-do list, shown as the back office's home page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def team_todo(context):
    """[{"label", "count", "url"}]: what waits for the campaign team, each with a link to the list
    filtered on exactly those items. One count query per kind."""
    request = context.get("request")
    if request is None or not request.user.is_campaign_team:
        return []
    from apps.membership.models import Application
    from apps.menukaart.models import AwardRound, PracticeExample
    from apps.programmes.models import Registration, Submission
    from apps.support.models import SupportRequest
    from apps.tijdscapsule.models import Visit

    def link(name, query=""):
        return reverse(f"admin:{name}_changelist") + (f"?{query}" if query else "")

    rounds = AwardRound.objects.filter(results_published=False, entries_open=False)
    items = [
        (_("Join applications to decide on"), Application.objects.filter(status=Application.Status.PENDING).count(), link("membership_application", "status__exact=pending")),
        (
            _("Practice examples to moderate"),
            PracticeExample.objects.filter(status__in=[PracticeExample.Status.SUBMITTED, PracticeExample.Status.IN_REVIEW]).count(),
            link("menukaart_practiceexample", "status__exact=submitted"),
        ),
        (_("Programme registrations to confirm"), Registration.objects.filter(status=Registration.Status.PENDING).count(), link("programmes_registration", "status__exact=pending")),
        (_("Deliverables to review"), Submission.objects.filter(status=Submission.Status.SUBMITTED).count(), link("programmes_submission", "status__exact=submitted")),
        (
            _("Support requests waiting for the team"),
            SupportRequest.objects.filter(status__in=[SupportRequest.Status.NEW, SupportRequest.Status.IN_PROGRESS]).count(),
            link("support_supportrequest", "status__exact=new"),
        ),
        (_("Time capsule requests to answer"), Visit.objects.filter(status=Visit.Status.REQUESTED).count(), link("tijdscapsule_visit", "status__exact=requested")),
    ]
    todo = [{"label": label, "count": count, "url": url} for label, count, url in items]
    for award_round in rounds:
        todo.append({"label": _("Award %(year)s: jury progress and results") % {"year": award_round.year}, "count": None, "url": reverse("menukaart:jury_round", kwargs={"year": award_round.year})})
    return todo
