"""YoungChallengers. Public: the opt-in summaries. Network (logged-in people of member municipalities
and the campaign team): directory, profiles, shared challenges and the feed. A challenge's details
are for its own municipality and the team unless it is shared. Who may see and change what is decided
only by apps.core.permissions (may_use_network, may_edit_challenge, ...)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core import permissions
from apps.core.exceptions import ServiceError
from apps.core.permissions import LoginRequired, MunicipalityPermissionRequired, Perm, PublicView
from apps.goals.models import Goal
from apps.knowledge.models import Topic
from apps.municipalities.models import Province

from . import services
from .forms import ChallengeForm, NominateForm, PostForm, ProfileForm, ReportForm, StepForm
from .models import Challenge, Nomination, Post, Step, YoungChallenger

GOALS = Prefetch("focus_goals", queryset=Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number"))


class NetworkAccess(LoginRequired):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_use_network(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def me(self):
        return permissions.young_challenger_of(self.request.user)


class PublicListView(PublicView, TemplateView):
    template_name = "youngchallengers/public.html"

    def get_context_data(self, **kwargs):
        people = YoungChallenger.objects.filter(public=True, user__is_active=True).select_related("user", "municipality").prefetch_related(GOALS)
        return super().get_context_data(people=people, **kwargs)


class NetworkView(NetworkAccess, FormView):
    template_name = "youngchallengers/network.html"
    form_class = PostForm

    def get_context_data(self, **kwargs):
        params = self.request.GET
        people = YoungChallenger.objects.filter(user__is_active=True).select_related("user", "municipality").prefetch_related(GOALS, "topics")
        goal = params.get("doel", "")
        province = params.get("provincie", "")
        topic = params.get("onderwerp", "")
        if goal.isdigit():
            people = people.filter(focus_goals=int(goal))
        if province in Province.values:
            people = people.filter(municipality__province=province)
        if topic:
            people = people.filter(topics__slug=topic)
        posts = Post.objects.filter(hidden=False).select_related("author__user", "author__municipality")
        page = Paginator(posts, 20).get_page(params.get("pagina", "1")[:6])
        return super().get_context_data(
            people=people.distinct(),
            page=page,
            me=self.me,
            goals=Goal.objects.only("number", "title_short_nl", "title_short_en").order_by("number"),
            provinces=Province.choices,
            topics=Topic.objects.all(),
            selected={"goal": int(goal) if goal.isdigit() else None, "province": province, "topic": topic},
            report_form=ReportForm(),
            **kwargs,
        )

    def form_valid(self, form):
        if not permissions.may_post_in_network(self.request.user):
            raise PermissionDenied
        try:
            services.post_create(challenger=self.me, body=form.cleaned_data["body"], token=form.cleaned_data.get("token"))
        except ServiceError as error:
            form.add_error("body", error.message)
            return self.form_invalid(form)
        return redirect("youngchallengers:network")


class ReportView(NetworkAccess, View):
    def post(self, request, pk):
        post = get_object_or_404(Post, pk=pk, hidden=False)
        if not permissions.may_report_post(request.user, post):
            raise PermissionDenied
        form = ReportForm(request.POST)
        try:
            if not form.is_valid():
                raise ServiceError(_("Say briefly what is wrong with this message."))
            services.post_report(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you. The campaign team will look at this message."))
        return redirect("youngchallengers:network")


class ProfileView(NetworkAccess, TemplateView):
    template_name = "youngchallengers/profile.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(
            YoungChallenger.objects.select_related("user", "municipality").prefetch_related(GOALS, "topics"), pk=self.kwargs["pk"]
        )
        if not permissions.may_view_youngchallenger(self.request.user, person):
            raise PermissionDenied
        challenges = services.visible_challenges(self.request.user).filter(challenger=person).prefetch_related("goals", "steps")
        hidden = person.challenges.count() - challenges.count()
        return super().get_context_data(person=person, challenges=challenges, hidden_count=hidden, **kwargs)


class ProfileEditView(NetworkAccess, FormView):
    template_name = "youngchallengers/profile_form.html"
    form_class = ProfileForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_edit_youngchallenger(request.user, permissions.young_challenger_of(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.me}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your profile has been saved."))
        return redirect(self.me.get_absolute_url())


class ChallengeEditView(NetworkAccess, FormView):
    """Create (no pk) or edit one's own challenge, and add steps."""

    template_name = "youngchallengers/challenge_form.html"
    form_class = ChallengeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.challenge = None
            if "pk" in kwargs:
                self.challenge = get_object_or_404(Challenge.objects.select_related("challenger"), pk=kwargs["pk"])
                if not permissions.may_edit_challenge(request.user, self.challenge):
                    raise PermissionDenied
            elif not permissions.may_edit_youngchallenger(request.user, permissions.young_challenger_of(request.user)):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.challenge}

    def get_context_data(self, **kwargs):
        steps = self.challenge.steps.all() if self.challenge else []
        return super().get_context_data(challenge=self.challenge, steps=steps, step_form=StepForm(prefix="step"), **kwargs)

    def form_valid(self, form):
        challenge = form.save(commit=False)
        challenge.challenger = self.me
        challenge.save()
        form.save_m2m()
        messages.success(self.request, _("The challenge has been saved."))
        return redirect(reverse("youngchallengers:challenge_edit", kwargs={"pk": challenge.pk}))


class StepAddView(NetworkAccess, View):
    def post(self, request, pk):
        challenge = get_object_or_404(Challenge.objects.select_related("challenger"), pk=pk)
        if not permissions.may_edit_challenge(request.user, challenge):
            raise PermissionDenied
        form = StepForm(request.POST, prefix="step")
        if form.is_valid():
            Step.objects.create(challenge=challenge, **form.cleaned_data)
        else:
            messages.error(request, _("Give the step a name."))
        return redirect(reverse("youngchallengers:challenge_edit", kwargs={"pk": pk}))


class StepToggleView(NetworkAccess, View):
    def post(self, request, pk, step_pk):
        step = get_object_or_404(Step.objects.select_related("challenge__challenger"), pk=step_pk, challenge_id=pk)
        if not permissions.may_edit_challenge(request.user, step.challenge):
            raise PermissionDenied
        step.done = not step.done
        step.save(update_fields=["done"])
        return redirect(reverse("youngchallengers:challenge_edit", kwargs={"pk": pk}))


class NominationsView(MunicipalityPermissionRequired, FormView):
    """The coordinator's page: the municipality's YoungChallengers, and nominating a colleague."""

    permission = Perm.MANAGE_PEOPLE
    template_name = "youngchallengers/nominations.html"
    form_class = NominateForm

    def get_context_data(self, **kwargs):
        people = YoungChallenger.objects.filter(municipality=self.municipality).select_related("user").prefetch_related(GOALS)
        pending = Nomination.objects.filter(municipality=self.municipality)
        return super().get_context_data(people=people, pending=pending, **kwargs)

    def form_valid(self, form):
        try:
            challenger, invited = services.nominate(
                coordinator=self.request.user,
                municipality=self.municipality,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
            )
        except ServiceError as error:
            form.add_error("email", error.message)
            return self.form_invalid(form)
        if invited:
            messages.success(self.request, _("An invitation has been sent. Your colleague becomes a YoungChallenger on accepting it."))
        else:
            messages.success(self.request, _("%(name)s is now a YoungChallenger.") % {"name": challenger.user.full_name})
        return redirect(reverse("youngchallengers_workspace:nominations", kwargs={"slug": self.municipality.slug}))
