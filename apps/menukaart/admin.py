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
        return render_to_string("menukaart/admin/version_text.html", {"version": version, "sections": services.version_sections(version)})


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

    def clean(self):
        """Refuse an incomplete decision here, so the form comes back with the choice and the message kept."""
        data = super().clean()
        decision = data.get("decision")
        if decision == PracticeExample.Status.PUBLISHED and not (data.get("attach_to") or data.get("new_format_category")):
            self.add_error("attach_to", _("Choose an existing format to attach the example to, or a category for a new format."))
        if decision == PracticeExample.Status.CHANGES_REQUESTED and not (data.get("message") or "").strip():
            self.add_error("message", _("Say which changes you ask for: the message goes to the municipality."))
        if decision and self.instance.pk and data.get("reviewed_version") != self.instance.version:
            self.add_error(
                None,
                _("The municipality has sent in version %(new)s since you opened version %(old)s. Read the new version first.")
                % {"new": self.instance.version, "old": data.get("reviewed_version")},
            )
        return data


@admin.register(PracticeExample)
class PracticeExampleAdmin(admin.ModelAdmin):
    form = ModerationForm
    list_display = ["title", "municipality", "status", "version", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "municipality__display_name"]
    list_select_related = ["municipality"]
    readonly_fields = ["title", "municipality", "status", "version", "action_format", "submission", "files", "public_page"]
    fieldsets = [
        (None, {"fields": ["title", "municipality", "status", "version", "action_format", "public_page"]}),
        (_("As sent in"), {"fields": ["submission", "files"]}),
        (_("Moderation"), {"fields": ["reviewed_version", "decision", "message", "attach_to", "new_format_category"]}),
    ]
    inlines = [VersionInline, EventInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("text, with the changes since the previous version"))
    def submission(self, obj):
        version = obj.versions.filter(number=obj.version).first()
        if version is None:
            return _("Nothing sent in yet.")
        return render_to_string("menukaart/admin/submission.html", {"version": version, "sections": services.version_sections(version)})

    @admin.display(description=_("attachments and photos"))
    def files(self, obj):
        return render_to_string("menukaart/admin/files.html", {"attachments": obj.attachments.all()})

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        from django.utils.html import format_html

        if obj.status != PracticeExample.Status.PUBLISHED:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

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
            sender = obj.created_by  # the service mails the decision to the sender while the account is active
            request.moderation_mailed_to = sender.email if sender is not None and sender.is_active else ""

    def response_change(self, request, obj):
        refused = getattr(self, "_refused", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.path)
        mailed_to = getattr(request, "moderation_mailed_to", None)
        if mailed_to:
            self.message_user(request, _("The decision has been sent to %(email)s by e-mail.") % {"email": mailed_to}, messages.INFO)
        elif mailed_to == "":
            self.message_user(request, _("No e-mail was sent: the person who sent in the example no longer has an account."), messages.WARNING)
        return super().response_change(request, obj)


@admin.register(AwardCategory)
class AwardCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en"]
    prepopulated_fields = {"slug": ["name_nl"]}


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


class AwardRoundForm(forms.ModelForm):
    class Meta:
        model = AwardRound
        fields = ["year", "entries_open", "jury"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the pool: coaches and campaign team, never people of a (competing) municipality
        self.fields["jury"].queryset = services.jury_candidates(self.instance)

    def clean_jury(self):
        jury = self.cleaned_data["jury"]
        if self.instance.pk:
            conflicts = services.jury_conflicts(self.instance, jurors=list(jury))
            if conflicts:
                raise forms.ValidationError(
                    _("Conflict of interest: %(names)s works for a municipality with an entry.") % {"names": ", ".join(u.full_name or u.email for u in conflicts)}
                )
        return jury


@admin.register(AwardRound)
class AwardRoundAdmin(admin.ModelAdmin):
    """Results are published on the round's own page (with jury progress and the checks), not with a tick here."""

    form = AwardRoundForm
    list_display = ["year", "entries_open", "jury_closed", "results_published", "round_page"]
    filter_horizontal = ["jury"]
    inlines = [CriterionInline]
    readonly_fields = ["round_page", "jury_closed", "results_published", "published_at", "published_by", "publish_override", "results"]

    @admin.display(description=_("jury progress and publishing"))
    def round_page(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("menukaart:jury_round", kwargs={"year": obj.year}), _("Open the round page"))

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
        Permission.objects.filter(content_type__app_label="menukaart", codename__in=["view_entry", "view_score", "view_criterion"])
    )
    return group


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["example", "category", "award_round"]
    list_filter = ["award_round", "category"]
    list_select_related = ["example__municipality", "category", "award_round"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """A read-only overview: jury members score on their jury page (/menukaart/jury/), where only the
    entry's own round's criteria are offered and the rules of apps.menukaart.services apply."""

    list_display = ["entry", "criterion", "value", "juror"]
    list_filter = ["entry__award_round", "entry__category"]
    list_select_related = ["entry__example", "entry__category", "entry__award_round", "criterion__award_round", "juror"]

    def get_queryset(self, request):
        scores = super().get_queryset(request)
        return scores if request.user.is_campaign_team else scores.filter(juror=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
