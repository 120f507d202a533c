from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.exceptions import ServiceError

from . import services
from .importer import MAX_BYTES
from .models import AdoptedIndicator, HiddenOpenIndicator, Indicator, OpenDataset, OpenValue, ReferenceValue, Review, Upload, Value
from .tasks import load_open_dataset


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_nl", "goal_id", "unit_nl", "direction", "source", "availability", "municipality", "active"]
    list_filter = ["goal", "availability", "direction", "active", ("municipality", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name_nl", "name_en", "source"]
    autocomplete_fields = ["municipality"]


@admin.register(AdoptedIndicator)
class AdoptedIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "indicator", "baseline_year", "baseline_value", "target_value", "target_year", "public"]
    list_filter = ["public", "indicator__goal"]
    search_fields = ["municipality__display_name", "indicator__code", "indicator__name_nl"]
    autocomplete_fields = ["municipality", "indicator"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["municipality", "indicator", "year", "disaggregation", "value"]
    list_filter = ["year"]
    search_fields = ["municipality__display_name", "indicator__code"]
    autocomplete_fields = ["municipality", "indicator"]
    list_select_related = ["municipality", "indicator"]


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The format of the municipalities' import, with NL01 or GK1-GK5 in the column “gemeente”; at most %(max)s MB.")
        % {"max": MAX_BYTES // (1024 * 1024)},
    )


@admin.register(ReferenceValue)
class ReferenceValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "area", "year", "value"]
    list_filter = ["area", "year"]
    search_fields = ["indicator__code", "indicator__name_nl"]
    autocomplete_fields = ["indicator"]
    change_list_template = "admin/monitor/referencevalue/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="monitor_referencevalue_import"),
            path("import/<int:pk>/", self.admin_site.admin_view(self.preview_view), name="monitor_referencevalue_preview"),
            *super().get_urls(),
        ]

    def _check(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied

    def import_view(self, request):
        self._check(request)
        form = ReferenceUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                upload = services.upload_check(municipality=None, user=request.user, upload=form.cleaned_data["file"], reference=True)
            except ServiceError as error:
                form.add_error("file", error.message)
            else:
                return redirect("admin:monitor_referencevalue_preview", pk=upload.pk)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form, "title": _("Import reference values")}
        return TemplateResponse(request, "admin/monitor/referencevalue/import.html", context)

    def preview_view(self, request, pk):
        self._check(request)
        upload = get_object_or_404(Upload, pk=pk, kind=Upload.Kind.REFERENCE)
        if request.method == "POST":
            try:
                upload = services.upload_confirm(municipality=None, upload_id=pk, reference=True)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, services.upload_message(upload), messages.SUCCESS)
                return redirect("admin:monitor_referencevalue_changelist")
        indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={r["i"] for r in upload.rows[:200]})}
        sample = [{**r, "indicator": indicators.get(r["i"])} for r in upload.rows[:200]]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "upload": upload,
            "sample": sample,
            "title": _("Preview of the import"),
        }
        return TemplateResponse(request, "admin/monitor/referencevalue/preview.html", context)


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "municipality", "status", "created_at", "imported_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["municipality", "kind", "filename", "uploaded_by", "status", "problems", "summary", "created_at", "imported_at"]
    exclude = ["rows"]

    def has_add_permission(self, request):
        return False


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "year", "language", "pdf_status", "updated_at"]
    list_filter = ["language", "year", "pdf_status"]
    search_fields = ["title", "municipality__display_name"]
    readonly_fields = ["pdf", "pdf_status", "pdf_made_at", "pdf_error"]
    autocomplete_fields = ["municipality"]


@admin.register(OpenDataset)
class OpenDatasetAdmin(admin.ModelAdmin):
    """The open-data sets; "Load again" queues a background task per set and keeps its report."""

    list_display = ["key", "title_nl", "table_id", "licence", "loaded_at", "rows_read", "rows_matched", "rows_refused", "values"]
    readonly_fields = ["key", "title_nl", "title_en", "publisher", "table_id", "licence", "attribution", "url", "loaded_at", "report_text"]
    exclude = ["report"]
    actions = ["load_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rows read"))
    def rows_read(self, obj):
        return obj.report.get("rows_read")

    @admin.display(description=_("rows matched"))
    def rows_matched(self, obj):
        return obj.report.get("rows_matched")

    @admin.display(description=_("rows refused"))
    def rows_refused(self, obj):
        return obj.report.get("rows_refused")

    @admin.display(description=_("values"))
    def values(self, obj):
        return obj.report.get("values")

    @admin.display(description=_("report of the last load"))
    def report_text(self, obj):
        from django.utils.html import format_html_join

        return format_html_join("\n", "<div><strong>{}</strong>: {}</div>", ((key, value) for key, value in obj.report.items()))

    @admin.action(description=_("Load again from the shipped file (background task)"))
    def load_again(self, request, queryset):
        for dataset in queryset:
            load_open_dataset.enqueue(dataset.key)
        self.message_user(
            request, _("%(count)s set(s) queued; the report appears here when the worker is done.") % {"count": queryset.count()}, messages.SUCCESS
        )


@admin.register(OpenValue)
class OpenValueAdmin(admin.ModelAdmin):
    list_display = ["municipality", "indicator", "year", "value", "empty_reason", "rank_all", "count_all"]
    list_filter = ["dataset", "year", "empty_reason"]
    search_fields = ["municipality__display_name", "municipality__cbs_code", "indicator__code"]
    list_select_related = ["municipality", "indicator"]
    readonly_fields = [f.name for f in OpenValue._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(HiddenOpenIndicator)
class HiddenOpenIndicatorAdmin(admin.ModelAdmin):
    list_display = ["municipality", "indicator", "created_at"]
    autocomplete_fields = ["municipality", "indicator"]
