"""Read-side queries for the public pages. Each returns a fixed number of queries, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q

from apps.goals.models import Goal
from apps.municipalities.models import Municipality, Province

from .models import Membership

GOAL_BADGE_FIELDS = ("number", "colour", "title_short_nl", "title_short_en")


def members_version() -> str:
    """Changes whenever a membership is added, removed or edited (one query). Part of the cache
    keys of the member list and the map, so cached fragments are never stale across processes."""
    state = Membership.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f"{state['count']}-{changed}"


def member_list(*, province: str = "", size_class: int | None = None, goal: int | None = None, query: str = ""):
    """Current member municipalities with their membership and focus goals (2 queries when evaluated)."""
    members = (
        Municipality.objects.current()
        .members()
        .select_related("membership")
        .prefetch_related(Prefetch("membership__focus_goals", queryset=Goal.objects.only(*GOAL_BADGE_FIELDS).order_by("number")))
        .order_by("display_name")
    )
    if province:
        members = members.filter(province=province)
    if size_class:
        members = members.filter(size_class=size_class)
    if goal:
        members = members.filter(membership__focus_goals=goal)
    if query:
        members = members.filter(display_name__icontains=query.strip())
    return members


def campaign_figures() -> dict:
    """Headline figures for the home page (one query)."""
    return Municipality.objects.current().aggregate(
        total=Count("pk"),
        members=Count("pk", filter=Q(membership__isnull=False)),
    )


def recent_members(*, limit: int = 6):
    return Membership.objects.select_related("municipality").filter(municipality__valid_until__isnull=True).order_by("-since", "-pk")[:limit]


@dataclass
class ProvinceRow:
    province: str
    label: str
    total: int
    members: list


def map_data():
    """All current municipalities with outline and member flag (one query), plus rows per province."""
    municipalities = list(
        Municipality.objects.current()
        .annotate(is_member=Exists(Membership.objects.filter(municipality=OuterRef("pk"))))
        .only("pk", "display_name", "slug", "province", "map_path")
        .order_by("display_name")
    )
    rows = {value: ProvinceRow(province=value, label=label, total=0, members=[]) for value, label in Province.choices}
    for municipality in municipalities:
        row = rows[municipality.province]
        row.total += 1
        if municipality.is_member:
            row.members.append(municipality)
    return municipalities, list(rows.values())


def municipality_profile(*, slug: str):
    """A municipality with membership, focus goals, predecessors and successor (fixed query count)."""
    return (
        Municipality.objects.select_related("membership", "successor")
        .defer("map_path", "successor__map_path")  # the outline (kilobytes of SVG path) is drawn on the map page only
        .prefetch_related(
            Prefetch(
                "membership__focus_goals", queryset=Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number")
            ),
            Prefetch("predecessors", queryset=Municipality.objects.only("id", "slug", "display_name", "valid_until", "successor_id")),
        )
        .filter(slug=slug)
        .first()
    )


# --- the workspace's first steps and what needs attention -------------------------------------------

FIRST_STEPS = ("profile", "colleagues", "logo", "activity", "scan")


def first_steps(municipality) -> list[dict]:
    """The five first steps of a new member, each done when the data show it (or ticked off by hand
    for the logo, which leaves no trace): [{"key", "label", "url", "done", "manual"}]."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from apps.accounts.models import Invitation, User
    from apps.menukaart.models import Activity
    from apps.policyscan.models import Document

    membership = municipality.membership
    slug = municipality.slug
    ticked = set(membership.first_steps_done or [])
    # another person on the team, or an invitation still open (the coordinator's own, accepted, one does not count)
    colleagues = (
        User.objects.filter(municipality=municipality, is_active=True).count() > 1
        or Invitation.objects.filter(municipality=municipality, accepted_at__isnull=True, revoked_at__isnull=True).exists()
    )
    steps = [
        ("profile", _("Complete the public profile"), reverse("workspace:profile", kwargs={"slug": slug}), bool(membership.intro.strip())),
        ("colleagues", _("Invite colleagues"), reverse("workspace:people", kwargs={"slug": slug}), colleagues),
        ("logo", _("Download your Global Goals logo"), reverse("workspace:artwork", kwargs={"slug": slug}), "logo" in ticked),
        ("activity", _("Plan a first activity"), reverse("menukaart_workspace:activity_new", kwargs={"slug": slug}), Activity.objects.filter(municipality=municipality).exists()),
        ("scan", _("Scan a policy document"), reverse("policyscan_workspace:document_new", kwargs={"slug": slug}), Document.objects.filter(municipality=municipality).exists()),
    ]
    return [{"key": k, "label": label, "url": url, "done": done or k in ticked, "manual": k == "logo"} for k, label, url, done in steps]


def needs_attention(municipality) -> list[dict]:
    """What waits for the municipality: changes asked for (practice examples, programme texts) and
    answers to its support questions. [{"label", "url"}], a fixed number of queries."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from apps.menukaart.models import PracticeExample
    from apps.programmes.models import Submission
    from apps.support.models import SupportRequest

    slug = municipality.slug
    items = []
    for example in PracticeExample.objects.filter(municipality=municipality, status=PracticeExample.Status.CHANGES_REQUESTED).only("pk", "title"):
        items.append({"label": _("Changes asked for your practice example “%(title)s”") % {"title": example.title}, "url": reverse("menukaart_workspace:example", kwargs={"slug": slug, "pk": example.pk})})
    submissions = Submission.objects.filter(registration__municipality=municipality, status=Submission.Status.CHANGES_REQUESTED).select_related("deliverable__programme")
    for submission in submissions:
        deliverable = submission.deliverable
        items.append(
            {
                "label": _("Changes asked for your text “%(title)s”") % {"title": deliverable.title},
                "url": reverse("programmes_workspace:deliverable", kwargs={"slug": slug, "programme": deliverable.programme.slug, "pk": deliverable.pk}),
            }
        )
    for support_request in SupportRequest.objects.filter(municipality=municipality, status=SupportRequest.Status.WAITING).only("pk", "subject"):
        items.append(
            {"label": _("An answer is waiting for you: %(subject)s") % {"subject": support_request.subject}, "url": reverse("support_workspace:detail", kwargs={"slug": slug, "pk": support_request.pk})}
        )
    return items
