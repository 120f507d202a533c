from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Document, PassageGoal, Scan


class ScanInline(admin.TabularInline):
    model = Scan
    extra = 0
    fields = ["status", "error_code", "language", "passages_done", "passages_total", "attempts", "created_at", "finished_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "kind", "year", "format", "created_at"]
    list_filter = ["kind", "format", "year"]
    search_fields = ["title", "municipality__display_name", "original_name"]
    raw_id_fields = ["municipality", "uploaded_by"]
    readonly_fields = ["size", "pages", "created_at", "original_name"]
    exclude = ["pasted_text"]
    inlines = [ScanInline]


@admin.register(Scan)
class ScanAdmin(SimpleHistoryAdmin):
    list_display = ["document", "status", "error_code", "passages_done", "passages_total", "attempts", "heartbeat", "finished_at"]
    list_filter = ["status", "error_code", "language"]
    search_fields = ["document__title", "document__municipality__display_name"]
    raw_id_fields = ["document"]
    readonly_fields = ["profile", "targets", "created_at", "started_at", "heartbeat", "finished_at", "passages_done", "passages_total", "attempts"]
    actions = ["mark_stale_interrupted"]

    @admin.action(description=_("Mark stopped scans as interrupted"))
    def mark_stale_interrupted(self, request, queryset):
        count = services.scan_sweep()
        messages.success(request, _("%(n)s scans marked as interrupted.") % {"n": count})


@admin.register(PassageGoal)
class PassageGoalAdmin(SimpleHistoryAdmin):
    list_display = ["passage", "goal", "score", "verdict", "verdict_by", "verdict_at"]
    list_filter = ["verdict", "goal"]
    raw_id_fields = ["passage", "scan", "verdict_by"]
    readonly_fields = ["evidence", "targets"]
