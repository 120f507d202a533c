from django.contrib import admin

from .models import DataExport, ProcessingActivity


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "retention", "updated_at"]
    search_fields = ["name", "purpose", "personal_data"]


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """Who asked for their data and when; the files themselves are for the user only."""

    list_display = ["user", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    fields = ["user", "status", "created_at", "finished_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
