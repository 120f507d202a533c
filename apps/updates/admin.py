from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, OptOut, Update


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["subject", "audience", "status", "created_at", "sent_at", "delivery_count"]
    list_filter = ["status", "audience"]
    actions = ["send"]
    readonly_fields = ["status", "sent_at", "created_by", "recipient_count"]
    fields = ["subject", "audience", "body", "recipient_count", "status", "sent_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != Update.Status.DRAFT:
            return [*self.readonly_fields, "subject", "audience", "body"]
        return self.readonly_fields

    @admin.display(description=_("recipients now"))
    def recipient_count(self, obj):
        return len(services.recipients(obj.audience)) if obj and obj.pk else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delivered=Count("deliveries"))

    @admin.display(description=_("delivered"), ordering="delivered")
    def delivery_count(self, obj):
        return obj.delivered

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send the selected updates"))
    def send(self, request, queryset):
        started = sum(services.update_send(update=update) for update in queryset)
        if started:
            self.message_user(request, ngettext("%(n)d update is being sent.", "%(n)d updates are being sent.", started) % {"n": started}, messages.SUCCESS)
        if started < queryset.count():
            self.message_user(request, _("Updates that were already sent or are being sent were left alone."), messages.WARNING)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["update", "email", "sent_at", "error"]
    list_filter = ["update"]
    search_fields = ["email"]
    list_select_related = ["update"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]
