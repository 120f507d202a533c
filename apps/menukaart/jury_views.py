"""The jury's pages, outside the generic admin: a jury member's list of entries with their progress,
one entry's text and photos beside exactly that round's criteria, and the campaign team's round page
(progress of every jury member, close the scoring, publish the results)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from apps.core.exceptions import ServiceError
from apps.core.permissions import LoginRequired, may_judge, may_run_award

from . import services
from .models import AwardRound, Entry, PracticeExample, Score


def example_text(example: PracticeExample):
    """(question, answer) of the version sent in last: what the jury, the public and moderators read."""
    version = example.versions.filter(number=example.version).first()
    answers = version.answers if version else {q: getattr(example, q) for q in PracticeExample.QUESTIONS}
    return [(PracticeExample._meta.get_field(q).verbose_name, answers.get(q, "")) for q in PracticeExample.QUESTIONS]


class JuryHomeView(LoginRequired, TemplateView):
    """Every round the user sits on the jury of, with the entries and how far they are."""

    template_name = "menukaart/jury/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rounds = [r for r in AwardRound.objects.filter(jury=user) if may_judge(user, r)]
        if not rounds and not may_run_award(user):
            raise PermissionDenied
        return super().get_context_data(
            rounds=[(r, services.jury_progress(r, juror=user)) for r in rounds],
            team_rounds=AwardRound.objects.all() if may_run_award(user) else [],
            **kwargs,
        )


class ScoreForm(forms.Form):
    """One field per criterion of the entry's own round (and nothing else): 1-10, empty to remove."""

    def __init__(self, *args, criteria, initial_scores, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (weight %(weight)s)") % {"name": criterion.name, "weight": criterion.weight},
                min_value=1,
                max_value=10,
                required=False,
                initial=initial_scores.get(criterion.pk),
                disabled=disabled,
                help_text=gettext_lazy("A whole number from 1 to 10; leave empty to remove your score."),
            )

    def values(self):
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class JuryEntryView(LoginRequired, TemplateView):
    template_name = "menukaart/jury/entry.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(Entry.objects.select_related("award_round", "category", "example__municipality"), pk=kwargs["pk"])
            if not may_judge(request.user, self.entry.award_round):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        award_round = self.entry.award_round
        mine = dict(Score.objects.filter(entry=self.entry, juror=self.request.user).values_list("criterion_id", "value"))
        closed = award_round.jury_closed or award_round.results_published
        return ScoreForm(data, criteria=award_round.criteria.all(), initial_scores=mine, disabled=closed)

    def get_context_data(self, **kwargs):
        example = self.entry.example
        kwargs.setdefault("form", self.get_form())
        progress = services.jury_progress(self.entry.award_round, juror=self.request.user)
        entries = [p.entry.pk for p in progress]
        index = entries.index(self.entry.pk)
        return super().get_context_data(
            entry=self.entry,
            award_round=self.entry.award_round,
            example=example,
            text=example_text(example),
            goals=example.goals.order_by("number"),
            photos=example.attachments.filter(is_image=True),
            documents=example.attachments.filter(is_image=False),
            progress=progress[index],
            next_entry=progress[index + 1].entry if index + 1 < len(progress) else None,
            closed=self.entry.award_round.jury_closed or self.entry.award_round.results_published,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.award_scores_save(juror=request.user, entry=self.entry, values=form.values())
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your scores for %(title)s have been saved.") % {"title": self.entry.example.title})
                return redirect(reverse("menukaart:jury_entry", kwargs={"pk": self.entry.pk}))
        return self.render_to_response(self.get_context_data(form=form))


class PublishForm(forms.Form):
    override = forms.CharField(
        label=gettext_lazy("Reason to publish although scores are missing (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only needed when not every jury member has scored every entry. The reason is recorded with the round."),
    )


class AwardRoundView(LoginRequired, TemplateView):
    """The campaign team's page of one round: every entry's jury progress, close scoring, publish."""

    template_name = "menukaart/jury/round.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not may_run_award(request.user):
                raise PermissionDenied
            self.award_round = get_object_or_404(AwardRound, year=kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        progress = services.jury_progress(self.award_round)
        kwargs.setdefault("form", PublishForm())
        return super().get_context_data(
            award_round=self.award_round,
            progress=progress,
            incomplete=sum(1 for p in progress if not p.complete),
            conflicts=services.jury_conflicts(self.award_round),
            jury=self.award_round.jury.order_by("full_name"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        try:
            if "close_entries" in request.POST:
                services.award_close_entries(award_round=self.award_round, actor=request.user)
                messages.success(request, _("Entries are closed."))
            elif "close_jury" in request.POST:
                services.award_close_jury(award_round=self.award_round, actor=request.user)
                messages.success(request, _("Jury scoring is closed; scores can no longer be changed."))
            elif form.is_valid():
                services.award_publish(award_round=self.award_round, actor=request.user, override=form.cleaned_data["override"])
                messages.success(request, _("The results have been published."))
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect(reverse("menukaart:jury_round", kwargs={"year": self.award_round.year}))
