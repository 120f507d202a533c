from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import ServiceError

from . import services
from .models import (
    ActionFormat,
    Activity,
    AwardCategory,
    AwardRound,
    Category,
    Criterion,
    Entry,
    ExampleVersion,
    Material,
    ModerationEvent,
    PracticeExample,
    Score,
)

JURY_GROUP = "Jury"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "order"]
    prepopulated_fields = {"slug": ["name_nl"]}


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(ActionFormat)
class ActionFormatAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "category", "effort", "audience", "published"]
    list_filter = ["published", "category", "effort", "audience", "goals"]
    search_fields = ["title_nl", "title_en", "summary_nl"]
    prepopulated_fields = {"slug": ["title_nl"]}
    filter_horizontal = ["goals"]
    autocomplete_fields = []
    raw_id_fields = ["targets", "from_example"]
    list_select_related = ["category"]
    inlines = [MaterialInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "status", "start_date", "reach"]
    list_filter = ["status"]
    search_fields = ["title", "municipality__display_name"]
    list_select_related = ["municipality"]
    raw_id_fields = ["municipality", "action_format", "created_by"]


class VersionInline(admin.TabularInline):
    model = ExampleVersion
    extra = 0
    can_delete = False
    fields = ["number", "title", "word_count", "submitted_by", "submitted_at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text"))
    def text(self, version):
        return render_to_string("menukaart/admin/version_text.html", {"version": version})


class EventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "version", "status", "message", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ModerationForm(forms.ModelForm):
    reviewed_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", "—")] + [(s.value, s.label) for s in (PracticeExample.Status.IN_REVIEW, PracticeExample.Status.CHANGES_REQUESTED, PracticeExample.Status.PUBLISHED, PracticeExample.Status.DECLINED)],
    )
    message = forms.CharField(label=_("Message to the municipality"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), required=False)
    attach_to = forms.ModelChoiceField(label=_("Publish on an existing format"), queryset=ActionFormat.objects.filter(published=True), required=False)
    new_format_category = forms.ModelChoiceField(label=_("…or as a new format in category"), queryset=Category.objects.all(), required=False)

    class Meta:
        model = PracticeExample
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["reviewed_version"].initial = self.instance.version


@admin.register(PracticeExample)
class PracticeExampleAdmin(admin.ModelAdmin):
    form = ModerationForm
    list_display = ["title", "municipality", "status", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "municipality__display_name"]
    list_select_related = ["municipality"]
    readonly_fields = ["title", "municipality", "status", "version", "action_format"]
    fieldsets = [
        (None, {"fields": ["title", "municipality", "status", "version", "action_format"]}),
        (_("Moderation"), {"fields": ["reviewed_version", "decision", "message", "attach_to", "new_format_category"]}),
    ]
    inlines = [VersionInline, EventInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        try:
            services.example_moderate(
                example=obj,
                version=form.cleaned_data.get("reviewed_version") or 0,
                status=decision,
                actor=request.user,
                message=form.cleaned_data.get("message", ""),
                attach_to=form.cleaned_data.get("attach_to"),
                new_format_category=form.cleaned_data.get("new_format_category"),
            )
        except ServiceError as error:
            self._refused = error.message
        else:
            self._refused = None

    def response_change(self, request, obj):
        refused = getattr(self, "_refused", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


@admin.register(AwardCategory)
class AwardCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en"]
    prepopulated_fields = {"slug": ["name_nl"]}


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(AwardRound)
class AwardRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "entries_open", "results_published"]
    filter_horizontal = ["jury"]
    inlines = [CriterionInline]
    readonly_fields = ["results"]

    @admin.display(description=_("results"))
    def results(self, obj):
        if not obj.pk:
            return "—"
        return render_to_string("menukaart/admin/results.html", {"results": services.award_results(obj)})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        jury_group_ensure().user_set.add(*form.instance.jury.all())
        form.instance.jury.filter(is_staff=False).update(is_staff=True)


def jury_group_ensure() -> Group:
    group, _created = Group.objects.get_or_create(name=JURY_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="menukaart", codename__in=["view_entry", "view_score", "add_score", "change_score", "view_criterion", "view_practiceexample"])
    )
    return group


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["example", "category", "award_round"]
    list_filter = ["award_round", "category"]
    list_select_related = ["example__municipality", "category", "award_round"]


class ScoreForm(forms.ModelForm):
    class Meta:
        model = Score
        fields = ["entry", "criterion", "value"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Jury members score here; each sees and changes only their own scores."""

    form = ScoreForm
    list_display = ["entry", "criterion", "value", "juror"]
    list_filter = ["entry__award_round", "entry__category"]
    list_select_related = ["entry__example", "entry__category", "entry__award_round", "criterion", "juror"]

    def get_queryset(self, request):
        scores = super().get_queryset(request)
        return scores if request.user.is_campaign_team else scores.filter(juror=request.user)

    def save_model(self, request, obj, form, change):
        self._refused = None
        try:
            saved = services.award_score(juror=request.user, entry=obj.entry, criterion=obj.criterion, value=obj.value)
        except ServiceError as error:
            self._refused = error.message
        else:
            obj.pk = saved.pk

    def _refusal(self, request):
        refused = getattr(self, "_refused", None)
        if refused:
            from django.http import HttpResponseRedirect

            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._refusal(request) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._refusal(request) or super().response_change(request, obj)
