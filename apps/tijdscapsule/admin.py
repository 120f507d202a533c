"""The campaign team's back office for the Tijdscapsule: the capsule's settings, deciding on visit
requests (confirm, propose other dates, decline), the tour overview with map and CSV export, and
moderation of held wishes.

Sealed content never appears here before the opening: the wish admin shows only metadata (visit,
role, goals, status, why it was held), has no search on text or name, and shows the opened text
only from the opening date on."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.exceptions import ServiceError

from . import services
from .models import BlockedDay, Booklet, Capsule, Visit, Wish
from .tasks import build_debate_kit


@admin.register(Capsule)
class CapsuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "transport_days", "opening_date", "wishes_per_hour", "accepting_requests"]
    actions = ["rebuild_kit"]

    def has_add_permission(self, request):
        return not Capsule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Rebuild the debate kit PDF"))
    def rebuild_kit(self, request, queryset):
        for capsule in queryset:
            build_debate_kit.enqueue(capsule.pk)
        self.message_user(request, _("The debate kit is being rebuilt."), messages.SUCCESS)


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", "—"),
            ("confirm", _("Confirm on the requested dates")),
            ("propose", _("Propose other dates")),
            ("decline", _("Decline")),
            ("cancel", _("Cancel the visit")),
        ],
    )
    new_start = forms.DateField(label=_("Proposed first day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    new_end = forms.DateField(label=_("Proposed last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(label=_("Message to the municipality"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))

    class Meta:
        model = Visit
        fields = []


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    form = DecisionForm
    list_display = ["municipality", "title", "start_date", "end_date", "status", "event_type", "expected_audience"]
    list_filter = ["status", "event_type"]
    search_fields = ["municipality__display_name", "title", "contact_name"]
    list_select_related = ["municipality"]
    date_hierarchy = "start_date"
    actions = ["confirm_selected"]
    info = [
        "municipality",
        "status",
        "title",
        "event_type",
        "start_date",
        "end_date",
        "proposed_start",
        "proposed_end",
        "address",
        "expected_audience",
        "contact_name",
        "contact_email",
        "contact_phone",
        "notes",
        "team_message",
        "requested_by",
        "created_at",
        "decided_at",
        "availability",
        "reminders_sent",
    ]
    readonly_fields = info
    fieldsets = [(None, {"fields": info}), (_("Decision"), {"fields": ["decision", "new_start", "new_end", "message"]})]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("availability"))
    def availability(self, obj):
        if obj.status != Visit.Status.REQUESTED:
            return "—"
        return services.availability_problem(obj.capsule, obj.start_date, obj.end_date) or _("The requested days are free.")

    @admin.display(description=_("reminders sent"))
    def reminders_sent(self, obj):
        return ", ".join(f"{r.get_kind_display()} ({r.sent_at:%d-%m-%Y})" for r in obj.reminders.all()) or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        decision, message = data.get("decision"), data.get("message", "")
        self._refused = None
        try:
            if decision == "confirm":
                services.visit_confirm(visit=obj, actor=request.user, message=message)
            elif decision == "propose":
                services.visit_propose(visit=obj, actor=request.user, start=data.get("new_start"), end=data.get("new_end"), message=message)
            elif decision == "decline":
                services.visit_decline(visit=obj, actor=request.user, message=message)
            elif decision == "cancel":
                services.visit_cancel(visit=obj, actor=request.user, message=message)
        except ServiceError as error:
            self._refused = error.message

    def save_related(self, request, form, formsets, change):
        pass  # nothing to save from inlines (reminders are read-only)

    def response_change(self, request, obj):
        if getattr(self, "_refused", None):
            self.message_user(request, self._refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(description=_("Confirm the selected requests on their dates"))
    def confirm_selected(self, request, queryset):
        done = 0
        for visit in queryset.order_by("created_at"):
            try:
                services.visit_confirm(visit=visit, actor=request.user)
                done += 1
            except ServiceError as error:
                self.message_user(request, f"{visit}: {error.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s visit(s) confirmed.") % {"n": done}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("tour/", self.admin_site.admin_view(self.tour_view), name="tijdscapsule_tour"),
            path("tour.csv", self.admin_site.admin_view(self.tour_csv), name="tijdscapsule_tour_csv"),
            *super().get_urls(),
        ]

    def tour_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        from apps.municipalities.models import Municipality
        from apps.municipalities.services import map_viewbox

        overview = services.tour()
        visited = {v.municipality_id: v for v in overview["past"]}
        planned = {v.municipality_id: v for v in overview["planned"]}
        outlines = []
        for m in Municipality.objects.current().only("pk", "display_name", "map_path").order_by("display_name"):
            state = "past" if m.pk in visited else "planned" if m.pk in planned else ""
            outlines.append({"name": m.display_name, "path": m.map_path, "state": state})
        context = {
            **self.admin_site.each_context(request),
            "title": _("The tour of the Tijdscapsule"),
            "overview": overview,
            "outlines": outlines,
            "viewbox": map_viewbox(),
            "opts": self.model._meta,
            "csv_url": reverse("admin:tijdscapsule_tour_csv"),
        }
        return TemplateResponse(request, "tijdscapsule/admin/tour.html", context)

    def tour_csv(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        response = HttpResponse(services.tour_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tijdscapsule-tour.csv"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "tour_url": reverse("admin:tijdscapsule_tour")}
        return super().changelist_view(request, extra_context)


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    """Metadata only before the opening; no search (there is nothing readable to search in)."""

    list_display = ["pk", "visit", "role", "status", "flag_reason", "photo", "created_at", "published_at"]
    list_filter = ["status", ("published_at", admin.EmptyFieldListFilter), "role", "flag_reason"]
    list_select_related = ["visit__municipality"]
    fields = readonly_fields = ["visit", "role", "goal_numbers", "status", "flag_reason", "photo", "address_hash", "created_at", "opened", "published_at"]
    actions = ["accept", "reject", "publish"]
    search_fields = []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("visit__capsule", "visit__municipality").prefetch_related("goals")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("goals"))
    def goal_numbers(self, obj):
        return ", ".join(str(g.number) for g in obj.goals.all()) or "—"

    @admin.display(description=_("photo"), boolean=True)
    def photo(self, obj):
        return obj.has_photo

    @admin.display(description=_("wish"))
    def opened(self, obj):
        try:
            opened = services.wish_reveal(wish=obj)
        except services.Sealed as sealed:
            return sealed.message
        photo = (
            format_html('<p><img src="{}" alt="" width="320"></p>', reverse("tijdscapsule:photo", args=[obj.pk]))
            if obj.has_photo and obj.status == Wish.Status.ACCEPTED
            else ""
        )
        return format_html("<p>{}</p><p>— {}</p>{}", opened["text"], opened["name"] or _("anonymous"), photo)

    @admin.action(description=_("Accept: count the selected wishes and publish them at the opening"))
    def accept(self, request, queryset):
        for wish in queryset:
            services.wish_moderate(wish=wish, actor=request.user, status=Wish.Status.ACCEPTED)
        self.message_user(request, _("Accepted."), messages.SUCCESS)

    @admin.action(description=_("Publish the selected wishes (after the opening, once you have read them)"))
    def publish(self, request, queryset):
        done = 0
        for wish in queryset.select_related("visit__capsule"):
            try:
                services.wish_publish(wish=wish, actor=request.user)
                done += 1
            except ServiceError as error:
                self.message_user(request, f"{_('Wish')} {wish.pk}: {error.message}", messages.WARNING)
        if done:
            self.message_user(request, _("%(n)s wishes published.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected wishes"))
    def reject(self, request, queryset):
        for wish in queryset:
            services.wish_moderate(wish=wish, actor=request.user, status=Wish.Status.REJECTED)
        self.message_user(request, _("Rejected."), messages.SUCCESS)


@admin.register(BlockedDay)
class BlockedDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "visit"]
    list_filter = ["kind"]
    list_select_related = ["visit__municipality"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Booklet)
class BookletAdmin(admin.ModelAdmin):
    list_display = ["municipality", "status", "built_at"]
    list_select_related = ["municipality"]
    readonly_fields = ["capsule", "municipality", "status", "file", "built_at"]

    def has_add_permission(self, request):
        return False
