"""The Menukaart in a municipality's workspace: activities, suggestions, practice examples."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.exceptions import ServiceError
from apps.core.permissions import MunicipalityPermissionRequired, Perm

from . import services
from .forms import ActivityForm, AttachmentForm, AwardEntryForm, ExampleForm, PhotoForm
from .models import ActionFormat, Activity, AwardRound, ModerationEvent, PracticeExample


def _dashboard(slug):
    return reverse("menukaart_workspace:dashboard", kwargs={"slug": slug})


class DashboardView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "menukaart/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        activities = Activity.objects.filter(municipality=self.municipality).select_related("action_format").prefetch_related(services.GOAL_BADGE)
        last_message = ModerationEvent.objects.filter(example=OuterRef("pk")).exclude(message="").order_by("-created_at", "-pk")
        examples = PracticeExample.objects.filter(municipality=self.municipality).annotate(
            team_message=Subquery(last_message.values("message")[:1]), team_message_at=Subquery(last_message.values("created_at")[:1])
        )
        return super().get_context_data(
            activities=activities,
            examples=examples,
            suggestions=services.suggestions(self.municipality),
            ical_url=self.request.build_absolute_uri(reverse("menukaart:ical", kwargs={"slug": self.municipality.slug})),
            **kwargs,
        )


class ActivityEditView(MunicipalityPermissionRequired, FormView):
    permission = Perm.EDIT_DATA
    template_name = "menukaart/workspace/activity_form.html"
    form_class = ActivityForm

    def dispatch(self, request, *args, **kwargs):
        self.activity = None
        return super().dispatch(request, *args, **kwargs)

    def get_activity(self):
        if "pk" in self.kwargs and self.activity is None:
            self.activity = get_object_or_404(Activity, pk=self.kwargs["pk"], municipality=self.municipality)
        return self.activity

    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("format")
        if slug and "pk" not in self.kwargs:
            action_format = ActionFormat.objects.filter(slug=slug, published=True).first()
            if action_format:
                initial.update(action_format=action_format, title=action_format.title, goals=list(action_format.goals.all()))
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_activity()}

    def get_context_data(self, **kwargs):
        activity = self.get_activity()
        photos = activity.photos.all() if activity else []
        return super().get_context_data(activity=activity, photos=photos, photo_form=PhotoForm(), **kwargs)

    def form_valid(self, form):
        try:
            activity = services.activity_save(municipality=self.municipality, user=self.request.user, data=form.cleaned_data, activity=self.get_activity())
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The activity has been saved."))
        return redirect(reverse("menukaart_workspace:activity", kwargs={"slug": self.municipality.slug, "pk": activity.pk}))


class PhotoAddView(MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        activity = get_object_or_404(Activity, pk=pk, municipality=self.municipality)
        image = request.FILES.get("image")
        try:
            if image is None:
                raise ServiceError(_("Choose a photo."))
            services.photo_add(municipality=self.municipality, activity=activity, upload=image, caption=request.POST.get("caption", ""))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The photo has been added."))
        return redirect(reverse("menukaart_workspace:activity", kwargs={"slug": slug, "pk": pk}))


class ExampleEditView(MunicipalityPermissionRequired, FormView):
    """Write a practice example (drafts save), add attachments, send it in; see the moderation."""

    permission = Perm.EDIT_DATA
    template_name = "menukaart/workspace/example_form.html"
    form_class = ExampleForm

    def get_example(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_example"):
            self._example = get_object_or_404(PracticeExample, pk=self.kwargs["pk"], municipality=self.municipality)
        return self._example

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_example()}

    def get_context_data(self, **kwargs):
        example = self.get_example()
        rounds = AwardRound.objects.filter(entries_open=True)
        return super().get_context_data(
            example=example,
            events=example.events.select_related("actor") if example else [],
            versions=example.versions.all() if example else [],
            attachments=example.attachments.all() if example else [],
            attachment_form=AttachmentForm(),
            entry_form=AwardEntryForm(),
            award_round=rounds.first(),
            entered=example.award_entries.select_related("category", "award_round") if example else [],
            words=services.EXAMPLE_WORDS,
            submitted=self._submitted(example),
            **kwargs,
        )

    def _submitted(self, example):
        """(question, answer) of the last version sent in, shown while the example is with the team."""
        if example is None or example.editable or not example.version:
            return []
        version = example.versions.filter(number=example.version).first()
        if version is None:
            return []
        return [(PracticeExample._meta.get_field(q).verbose_name, version.answers.get(q, "")) for q in PracticeExample.QUESTIONS]

    def form_valid(self, form):
        try:
            example = services.example_save(municipality=self.municipality, user=self.request.user, data=form.cleaned_data, example=self.get_example())
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        upload = form.cleaned_data.get("attachment")
        if upload is not None or "add_attachment" in self.request.POST:
            # the draft is saved first: adding a file never loses an answer
            try:
                if upload is None:
                    raise ServiceError(_("Choose a file to add. Your draft has been saved."))
                services.attachment_add(municipality=self.municipality, example=example, upload=upload, alt_text=form.cleaned_data.get("alt_text", ""))
            except ServiceError as error:
                messages.error(self.request, error.message)
                return redirect(reverse("menukaart_workspace:example", kwargs={"slug": self.municipality.slug, "pk": example.pk}) + "#attachments")
            if "submit" not in self.request.POST:
                messages.success(self.request, _("The attachment has been added and your draft has been saved. Nothing has been sent yet."))
                return redirect(reverse("menukaart_workspace:example", kwargs={"slug": self.municipality.slug, "pk": example.pk}) + "#attachments")
        if "submit" in self.request.POST:
            try:
                version = services.example_submit(municipality=self.municipality, user=self.request.user, example=example)
            except ServiceError as error:
                messages.error(self.request, error.message)
            else:
                messages.success(self.request, _("Version %(n)s has been sent to the campaign team.") % {"n": version.number})
        else:
            messages.success(self.request, _("Your draft has been saved. Nothing has been sent yet."))
        return redirect(reverse("menukaart_workspace:example", kwargs={"slug": self.municipality.slug, "pk": example.pk}))


class AttachmentAddView(MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        example = get_object_or_404(PracticeExample, pk=pk, municipality=self.municipality)
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ServiceError(_("Choose a file."))
            services.attachment_add(municipality=self.municipality, example=example, upload=upload, alt_text=request.POST.get("alt_text", ""))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The attachment has been added."))
        return redirect(reverse("menukaart_workspace:example", kwargs={"slug": slug, "pk": pk}))


class AwardEnterView(MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        example = get_object_or_404(PracticeExample, pk=pk, municipality=self.municipality)
        award_round = AwardRound.objects.filter(entries_open=True).first()
        form = AwardEntryForm(request.POST)
        try:
            if award_round is None or not form.is_valid():
                raise ServiceError(_("Choose one of the award categories."))
            services.award_enter(municipality=self.municipality, example=example, award_round=award_round, category=form.cleaned_data["category"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The example has been entered for the %(year)s award.") % {"year": award_round.year})
        return redirect(reverse("menukaart_workspace:example", kwargs={"slug": slug, "pk": pk}))
