"""The campaign team's queue: who asked what, how long it waits, who handles it; answer in the thread."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import SupportRequest

# the same statuses, read from the campaign team's side (the municipality sees "Waiting for you")
TEAM_STATUS = {
    SupportRequest.Status.NEW: _("New: not picked up yet"),
    SupportRequest.Status.IN_PROGRESS: _("With the team"),
    SupportRequest.Status.WAITING: _("Waiting for the municipality"),
    SupportRequest.Status.DONE: _("Done"),
}


def days(delta) -> str:
    n = int(delta.total_seconds() // 86400)
    return _("less than a day") if n < 1 else ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


class TeamStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return list(TEAM_STATUS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class SupportRequestAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Answer to the municipality"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        required=False,
        help_text=_("Sent by e-mail to the person who asked; the status becomes 'waiting for you'."),
    )

    articles = forms.ModelMultipleChoiceField(
        label=_("Link knowledge articles to the answer"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    action_formats = forms.ModelMultipleChoiceField(label=_("Link Menukaart formats to the answer"), queryset=None, required=False)
    reply_token = forms.UUIDField(widget=forms.HiddenInput, required=False)  # a double click sends one answer

    class Meta:
        model = SupportRequest
        fields = ["status", "assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.knowledge.models import Article
        from apps.menukaart.models import ActionFormat

        self.fields["articles"].queryset = Article.objects.filter(published=True).order_by("title_nl")
        self.fields["action_formats"].queryset = ActionFormat.objects.filter(published=True).order_by("title_nl")
        if not self.is_bound:
            self.fields["reply_token"].initial = uuid.uuid4()
        self.fields["status"].choices = list(TEAM_STATUS.items())


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    form = SupportRequestAdminForm
    list_display = ["number_display", "subject", "municipality", "category", "team_status", "assigned_to", "created_at", "response_time_display", "last_message_at"]
    list_filter = [TeamStatusFilter, "category", "assigned_to"]
    search_fields = ["subject", "municipality__display_name", "messages__body"]
    list_select_related = ["municipality", "assigned_to"]
    actions = ["assign_to_me", "mark_done"]
    # the conversation first, then the answer box (the thread is not an inline below the form)
    fieldsets = [
        (None, {"fields": ["request_summary", "thread"]}),
        (_("Answer"), {"fields": ["reply", "articles", "action_formats", "reply_token", "status", "assigned_to"]}),
    ]
    readonly_fields = ["request_summary", "thread"]
    change_form_template = "admin/support/supportrequest/change_form.html"

    @admin.display(description=_("status"), ordering="status")
    def team_status(self, obj):
        return TEAM_STATUS.get(obj.status, obj.get_status_display())

    @admin.display(description=_("conversation"))
    def thread(self, obj):
        messages_ = obj.messages.select_related("author").prefetch_related("articles", "action_formats")
        return render_to_string("admin/support/thread.html", {"thread": messages_, "request": obj})

    def has_add_permission(self, request):
        return False  # requests come from municipalities

    @admin.display(description=_("number"), ordering="pk")
    def number_display(self, obj):
        return obj.number

    @admin.display(description=_("first answer after"))
    def response_time_display(self, obj):
        delta = obj.response_time
        if delta is None:
            return _("waiting %(days)s") % {"days": days(timezone.now() - obj.created_at)}
        return days(delta)

    @admin.display(description=_("request"))
    def request_summary(self, obj):
        return format_html(
            "{} · {} · {}<br>{}", obj.number, obj.municipality.display_name, obj.get_category_display(), obj.requested_by.full_name if obj.requested_by else "—"
        )

    def save_model(self, request, obj, form, change):
        old = SupportRequest.objects.get(pk=obj.pk)
        if obj.assigned_to_id != old.assigned_to_id:
            services.request_assign(support_request=old, user=obj.assigned_to)
        close = obj.status == SupportRequest.Status.DONE and old.status != obj.status
        if obj.status != old.status and not close:
            services.request_set_status(support_request=old, status=obj.status)
        reply = form.cleaned_data.get("reply", "").strip()
        created = False
        if reply:
            _message, created = services.message_add(
                support_request=old,
                author=request.user,
                body=reply,
                from_team=True,
                token=form.cleaned_data.get("reply_token"),
                articles=form.cleaned_data.get("articles") or (),
                action_formats=form.cleaned_data.get("action_formats") or (),
            )
            if created and old.requested_by is not None and old.requested_by.is_active:
                messages.success(request, _("Your answer has been sent to %(email)s by e-mail.") % {"email": old.requested_by.email})
            elif created:  # nobody to mail: the asker's account is gone
                messages.success(request, _("Your answer has been added; no e-mail was sent (the person who asked no longer has an account)."))
        if close:  # answered and closed in one go: done, not 'waiting for you' (one e-mail: the answer)
            services.request_set_status(support_request=old, status=obj.status, notify=not created)
        obj.refresh_from_db()

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        for support_request in queryset:
            services.request_assign(support_request=support_request, user=request.user)

    @admin.action(description=_("Mark as done"))
    def mark_done(self, request, queryset):
        for support_request in queryset:
            services.request_set_status(support_request=support_request, status=SupportRequest.Status.DONE)
