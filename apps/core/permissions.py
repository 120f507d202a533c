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
``None`` when an object rule of this module, e.g. :func:`may_edit_participation`, decides per object). So
a read-only coach or the campaign team can read a workspace but never write through it, whatever
a view's ``post`` forgets to check. Function views use
:func:`public`. ``apps/core/tests/test_access.py`` checks that every URL has a declared rule
and walks every workspace URL as another municipality's user; the programme and YoungChallenger
rules at the end of this module are the only ones their views ask (every write tried as every role).
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


# --- Programmes (issue 17, finding 9: the programme's object rules live here, not in its views) ---------


def acts_for(user, municipality) -> bool:
    """Does ``user`` work for ``municipality`` (an active member or coordinator)?"""
    from apps.accounts.models import MUNICIPAL_ROLES

    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and municipality is not None
        and user.municipality_id == municipality.pk
        and user.role in MUNICIPAL_ROLES
    )


def may_view_programme(user, programme, municipality=None) -> bool:
    """A published programme is for everyone. An unpublished one is neither visible nor open for
    registration (the team prepares it in the back office); only a municipality that was registered before
    it was taken offline keeps its own pages (``municipality`` is the workspace's, whose access the view
    has already checked)."""
    if programme.published:
        return True
    if municipality is None:
        return False
    from apps.programmes.models import Registration

    return programme.registrations.filter(municipality=municipality).exclude(status=Registration.Status.CANCELLED).exists()


def may_register(user, programme, municipality) -> bool:
    """Register ``municipality`` for ``programme``: a published programme, by someone who works for the
    municipality. (Dates, places and eligibility are the programme's domain rules: services.registration_check.)"""
    return bool(programme.published and acts_for(user, municipality))


def may_review(user, participation) -> bool:
    """Comment on and review a participation's texts as a coach: the campaign team, the coaches of the
    programme or participant (:func:`may_coach`), and coaches with a current grant for the municipality."""
    if user is None or not user.is_authenticated or not user.is_active or participation is None:
        return False
    if may_coach(user, participation):
        return True
    return user.role == "coach" and has_perm(user, Perm.VIEW_WORKSPACE, participation.municipality)


def may_edit_participation(user, participation) -> bool:
    """Write the participant's side of a confirmed participation (its focus, its texts, posts in the
    sessions): people of the municipality; in a cohort only the participant."""
    from apps.programmes.models import Registration

    if participation is None or participation.status != Registration.Status.CONFIRMED:
        return False
    if not acts_for(user, participation.municipality):
        return False
    return participation.participant_id in (None, user.pk)


def may_view_participation(user, participation) -> bool:
    """See a confirmed participation's pages (sessions, texts, the calendar): its participants and coaches."""
    from apps.programmes.models import Registration

    if participation is None or participation.status != Registration.Status.CONFIRMED:
        return False
    return acts_for(user, participation.municipality) or may_review(user, participation)


def may_comment(user, participation) -> bool:
    """Comment on a text or post in a session: the participants and their coaches."""
    return may_edit_participation(user, participation) or (may_view_participation(user, participation) and may_review(user, participation))


# --- YoungChallengers ----------------------------------------------------------------------------------


def may_use_network(user) -> bool:
    """The YoungChallengers' network (directory, profiles, feed): logged-in people of a municipality and the campaign team."""
    return bool(user is not None and user.is_authenticated and user.is_active and (user.is_campaign_team or user.municipality_id))


def young_challenger_of(user):
    """The user's own YoungChallenger profile, or None."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "young_challenger", None)


def may_view_youngchallenger(user, person) -> bool:
    """A YoungChallenger's profile page: everyone in the network (their challenges: :func:`challenge_visibility`)."""
    return may_use_network(user) and person is not None


def may_edit_youngchallenger(user, person) -> bool:
    """Only the YoungChallenger themself edits their profile and creates challenges."""
    return bool(may_use_network(user) and person is not None and person.user_id == user.pk)


def challenge_visibility(user):
    """A filter (Q) for the challenges ``user`` may see in full: shared ones and all of their own
    municipality's; the campaign team sees everything."""
    from django.db.models import Q

    if user.is_campaign_team:
        return Q()
    return Q(public=True) | Q(challenger__municipality_id=user.municipality_id)


def may_edit_challenge(user, challenge) -> bool:
    """A challenge and its steps are changed by the YoungChallenger whose challenge it is, nobody else."""
    return challenge is not None and may_edit_youngchallenger(user, challenge.challenger)


def may_post_in_network(user) -> bool:
    """Post in the network's feed: a YoungChallenger."""
    return may_use_network(user) and young_challenger_of(user) is not None


def may_report_post(user, post) -> bool:
    """Report a visible message to the campaign team: anyone in the network."""
    return may_use_network(user) and post is not None and not post.hidden


def may_nominate(user, municipality) -> bool:
    """Nominate a colleague as YoungChallenger: the municipality's coordinator."""
    return has_perm(user, Perm.MANAGE_PEOPLE, municipality)
