"""Who may see and change what: the one place that answers it.

Role matrix (a *municipality* below is the one the URL names):

==============================  =======  ======  ===========  ======  ==============
permission                      visitor  member  coordinator  coach   campaign team
==============================  =======  ======  ===========  ======  ==============
VIEW_WORKSPACE                  no       own     own          grant   all (read)
EDIT_DATA (activities, scans)   no       own     own          no      back office
MANAGE_PROFILE (public profile) no       no      own          no      back office
MANAGE_PEOPLE (invite, roles)   no       no      own          no      back office
==============================  =======  ======  ===========  ======  ==============

"own" means the user's ``municipality`` is the municipality in question; "grant" means an
active :class:`apps.accounts.models.AccessGrant`. The campaign team changes data in the back
office (Django admin), where model permissions apply.

Every view declares its rule: :class:`PublicView`, :class:`LoginRequired`, or
:class:`MunicipalityPermissionRequired` with a ``permission`` (to open the view at all) and a
``write_permission`` (for POST, PUT, PATCH and DELETE; EDIT_DATA unless the view declares another, or
``None`` when the view's own domain rule, e.g. a programme participant's, decides per object). So
a read-only coach or the campaign team can read a workspace but never write through it, whatever
a view's ``post`` forgets to check. Function views use
:func:`public`. ``apps/core/tests/test_access.py`` checks that every URL has a declared rule
and walks every workspace URL as another municipality's user.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Perm(StrEnum):
    VIEW_WORKSPACE = "view_workspace"
    EDIT_DATA = "edit_data"
    MANAGE_PROFILE = "manage_profile"
    MANAGE_PEOPLE = "manage_people"


_OWN_ROLES = {
    Perm.VIEW_WORKSPACE: {"member", "coordinator"},
    Perm.EDIT_DATA: {"member", "coordinator"},
    Perm.MANAGE_PROFILE: {"coordinator"},
    Perm.MANAGE_PEOPLE: {"coordinator"},
}


def has_perm(user, perm: Perm, municipality) -> bool:
    """May ``user`` do ``perm`` for ``municipality``?"""
    if user is None or not user.is_authenticated or not user.is_active or municipality is None:
        return False
    if user.municipality_id == municipality.pk and user.role in _OWN_ROLES[perm]:
        return True
    if perm == Perm.VIEW_WORKSPACE:
        if user.is_campaign_team:
            return True
        if user.role == "coach":
            today = timezone.localdate()
            return user.access_grants.filter(municipality=municipality).exclude(valid_until__lt=today).exists()
    return False


def workspace_municipalities(user):
    """The municipalities whose workspace ``user`` may open (for menus and redirects)."""
    from apps.municipalities.models import Municipality

    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_campaign_team:
        return Municipality.objects.filter(membership__isnull=False)
    if user.role == "coach":
        today = timezone.localdate()
        return Municipality.objects.filter(access_grants__user=user).exclude(access_grants__valid_until__lt=today).distinct()
    if user.municipality_id:
        return Municipality.objects.filter(pk=user.municipality_id)
    return Municipality.objects.none()


def public(view):
    """Declare a function view open to everyone."""
    view.access = "public"
    return view


class PublicView:
    access = "public"


class LoginRequired(AccessMixin):
    access = "login"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class MunicipalityPermissionRequired(AccessMixin):
    """Resolve ``self.municipality`` from the ``slug`` URL argument and require ``permission``.

    A municipality that is not a campaign member has no workspace (404); an anonymous user is
    sent to the login page; anyone else without the permission gets 403.
    """

    access = "municipality"
    permission: Perm
    write_permission: Perm | None = Perm.EDIT_DATA

    def dispatch(self, request, *args, **kwargs):
        from apps.municipalities.models import Municipality

        try:
            self.municipality = Municipality.objects.select_related("membership").get(slug=kwargs["slug"], membership__isnull=False)
        except Municipality.DoesNotExist as exc:
            raise Http404 from exc
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_perm(request.user, self.permission, self.municipality):
            raise PermissionDenied
        writes = request.method not in SAFE_METHODS and self.write_permission is not None
        if writes and not has_perm(request.user, self.write_permission, self.municipality):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["municipality"] = self.municipality
        context["can"] = {perm.name.lower(): has_perm(user, perm, self.municipality) for perm in Perm}
        return context


# --- Jury and coaching per programme (lane workflows) ------------------------------------------
# Rules for people who work across municipalities on one piece of work: a jury member scores the
# entries of the award rounds they sit on (never with a conflict of interest); a coach sees the
# programmes (participations) they are assigned to. Views check these after LoginRequired.


def may_judge(user, award_round) -> bool:
    """May ``user`` score entries of ``award_round``? A jury member without a conflict of interest
    (not working for a municipality with an entry in the round)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not award_round.jury.filter(pk=user.pk).exists():
        return False
    return not (user.municipality_id and award_round.entries.filter(example__municipality=user.municipality_id).exists())


def may_run_award(user) -> bool:
    """Open, close and publish award rounds, see every jury member's progress: the campaign team."""
    return bool(user is not None and user.is_authenticated and user.is_campaign_team)


def may_coach(user, participation) -> bool:
    """May ``user`` read, comment on and review a programme participation (a Registration) as its
    coach? A coach of the programme or of this participant; the campaign team always. It gives no
    access to the rest of the municipality's workspace."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_campaign_team:
        return True
    if user.role != "coach" or participation is None:
        return False
    if participation.coach_id == user.pk:
        return True
    return participation.programme.coaches.filter(pk=user.pk).exists()
