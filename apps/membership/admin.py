from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.exceptions import ServiceError

from . import services
from .forms import DecisionForm
from .models import Application, Membership


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "contact_name", "status", "created_at", "confirmed_at", "decision_links"]
    list_filter = ["status", "municipality__province"]
    search_fields = ["municipality__display_name", "contact_name", "email"]
    readonly_fields = [
        "decision_links", "municipality", "contact_name", "email", "contact_role", "decision_body", "decision_date", "motivation",
        "focus_goals", "language", "status", "created_at", "confirmed_at", "decided_at", "decided_by", "decision_message",
    ]  # fmt: skip
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("decision"))
    def decision_links(self, obj):
        if obj.status != Application.Status.PENDING:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:membership_application_approve", args=[obj.pk]),
            _("Approve"),
            reverse("admin:membership_application_decline", args=[obj.pk]),
            _("Decline"),
        )

    def get_urls(self):
        return [
            path("<int:pk>/approve/", self.admin_site.admin_view(self.decide_view), {"approve": True}, name="membership_application_approve"),
            path("<int:pk>/decline/", self.admin_site.admin_view(self.decide_view), {"approve": False}, name="membership_application_decline"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk, approve):
        if not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        application = get_object_or_404(Application.objects.select_related("municipality"), pk=pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if approve:
                    membership = services.application_approve(application=application, by=request.user, message=form.cleaned_data["message"])
                    if membership.invited_coordinator:
                        done = _("%(name)s is now a Global Goals municipality; %(email)s has been invited by e-mail as its coordinator.")
                    else:
                        done = _("%(name)s is now a Global Goals municipality; %(email)s already has an account and has been told by e-mail.")
                    self.message_user(request, done % {"name": application.municipality, "email": application.email}, messages.SUCCESS)
                else:
                    services.application_decline(application=application, by=request.user, message=form.cleaned_data["message"])
                    self.message_user(
                        request,
                        _("The application of %(name)s has been declined; the applicant has been told by e-mail (%(email)s).")
                        % {"name": application.municipality, "email": application.email},
                        messages.SUCCESS,
                    )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("admin:membership_application_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "form": form,
            "approve": approve,
            "title": (_("Approve application of %(name)s") if approve else _("Decline application of %(name)s")) % {"name": application.municipality},
        }
        return TemplateResponse(request, "admin/membership/application/decide.html", context)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "since", "decision_body", "decision_date"]
    list_filter = ["municipality__province", "decision_body"]
    search_fields = ["municipality__display_name"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["focus_goals"]
    date_hierarchy = "since"
