"""The campaign team maintains the default key (taakveld -> goals, with reasoning) here; budgets
themselves belong to the municipalities and are read-only in the back office."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, BudgetImport, BudgetLine, BulkLoad, KeyShare, Taakveld, TaggingEvent, Version
from .services import BudgetError, key_shares_check


class KeyShareFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        shares = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("goal"):
                continue
            shares.append((data["goal"].number, data.get("percentage") or Decimal(0)))
        try:
            key_shares_check(shares)
        except BudgetError as error:
            raise forms.ValidationError(error.message) from error


class KeyShareInline(admin.TabularInline):
    model = KeyShare
    formset = KeyShareFormSet
    extra = 1


@admin.register(Taakveld)
class TaakveldAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_nl", "key_summary", "counts_in_total", "negative_lasten_allowed"]
    list_filter = ["main", "counts_in_total"]
    search_fields = ["code", "name_nl", "name_en"]
    readonly_fields = ["code", "main", "order"]
    fields = [
        "code",
        "main",
        "order",
        "name_nl",
        "name_en",
        "description_nl",
        "description_en",
        "reasoning_nl",
        "reasoning_en",
        "counts_in_total",
        "negative_lasten_allowed",
    ]
    inlines = [KeyShareInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("key_shares")

    @admin.display(description=_("default key"))
    def key_summary(self, obj):
        return ", ".join(f"{s.goal_id}: {s.percentage.normalize()}%" for s in obj.key_shares.all())

    def has_add_permission(self, request):
        return False  # the taakvelden list is statutory and ships with the platform

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from .tasks import recalculate_all_budgets

        transaction.on_commit(recalculate_all_budgets.enqueue)
        messages.info(request, _("Every budget's amounts per goal are being recalculated with the changed key."))


class LineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["taakveld", "programme", "label", "lasten", "baten", "tagged", "reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "year", "version", "number", "total_lasten", "created_at"]
    list_filter = ["year", "version"]
    search_fields = ["municipality__display_name", "municipality__cbs_code"]
    readonly_fields = ["municipality", "year", "version", "number", "total_lasten", "total_baten", "created_by", "created_at", "source"]
    fields = [*readonly_fields, "paragraph"]
    list_select_related = ["municipality"]
    inlines = [LineInline]

    def has_add_permission(self, request):
        return False


@admin.register(TaggingEvent)
class TaggingEventAdmin(admin.ModelAdmin):
    list_display = ["at", "budget", "kind", "summary", "actor"]
    list_filter = ["kind"]
    list_select_related = ["budget__municipality", "actor"]
    readonly_fields = ["budget", "line", "kind", "actor", "at", "summary", "before", "after", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StaffImportForm(forms.ModelForm):
    """The campaign team imports one municipality's file (any municipality, member or not)."""

    file = forms.FileField(label=_("File (CSV, XLSX or ODS)"))
    unit_choice = forms.ChoiceField(
        label=_("Unit of the amounts"),
        choices=[("", _("Recognise from the file")), ("1", _("Euros")), ("1000", _("Thousands of euros (as in CBS Iv3 data)"))],
        required=False,
    )

    class Meta:
        model = BudgetImport
        fields = ["municipality", "year", "version", "number"]


@admin.register(BudgetImport)
class BudgetImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "municipality", "year", "version", "status", "filename", "unit"]
    list_filter = ["status"]
    readonly_fields = [
        "municipality",
        "year",
        "version",
        "number",
        "filename",
        "status",
        "budget",
        "created_by",
        "unit",
        "unit_question",
        "notes",
        "problems",
    ]
    exclude = ["rows"]
    autocomplete_fields = ["municipality"]
    actions = ["confirm_imports", "amounts_in_thousands", "amounts_in_euros"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffImportForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["municipality", "year", "version", "number", "file", "unit_choice"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        from .services import import_from_upload

        if change:
            return
        data = form.cleaned_data
        try:
            created = import_from_upload(
                municipality=data["municipality"],
                user=request.user,
                year=data["year"],
                version=data["version"],
                number=data.get("number") or 0,
                upload=data["file"],
                unit=int(data["unit_choice"]) if data.get("unit_choice") else None,
            )
        except BudgetError as error:
            messages.error(request, error.message)
            created = BudgetImport.objects.create(
                municipality=data["municipality"], year=data["year"], version=data["version"], filename=data["file"].name[:200],
                problems=[{"row": None, "column": "", "message": str(error.message)}], created_by=request.user,
            )  # fmt: skip
        obj.pk = created.pk
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if not k.startswith("_")})

    @admin.action(description=_("Import the selected previews (without problems)"))
    def confirm_imports(self, request, queryset):
        from .services import import_confirm

        for budget_import in queryset.filter(status=BudgetImport.Status.PREVIEW):
            try:
                budget = import_confirm(budget_import=budget_import, user=request.user)
            except BudgetError as error:
                messages.error(request, f"{budget_import}: {error.message}")
            else:
                messages.success(request, _("Imported: %(budget)s") % {"budget": budget})

    def _unit(self, request, queryset, unit):
        from .services import import_unit_set

        for budget_import in queryset.filter(status=BudgetImport.Status.PREVIEW):
            import_unit_set(budget_import=budget_import, unit=unit)
        messages.success(request, _("The unit has been set."))

    @admin.action(description=_("The amounts are in thousands of euros"))
    def amounts_in_thousands(self, request, queryset):
        self._unit(request, queryset, 1000)

    @admin.action(description=_("The amounts are in euros"))
    def amounts_in_euros(self, request, queryset):
        self._unit(request, queryset, 1)


class BulkLoadForm(forms.ModelForm):
    file = forms.FileField(
        label=_("CBS Iv3 file of all municipalities (CSV, XLSX or ODS)"),
        required=False,
        help_text=_("Amounts in thousands of euros, as CBS publishes them. Empty: the file of this year shipped with the platform."),
    )

    class Meta:
        model = BulkLoad
        fields = ["year", "version"]

    def clean(self):
        from .services import cbs_years

        data = super().clean()
        if not data.get("file") and data.get("year") not in cbs_years():
            raise forms.ValidationError(
                _("Choose a file: the platform ships CBS files for %(years)s only.") % {"years": ", ".join(map(str, cbs_years()))}
            )
        return data


@admin.register(BulkLoad)
class BulkLoadAdmin(admin.ModelAdmin):
    """Load a CBS year for all municipalities as a background task; the list shows the progress."""

    form = BulkLoadForm
    list_display = ["created_at", "year", "version", "filename", "status", "progress", "created_by"]
    readonly_fields = ["filename", "status", "done", "total", "report", "created_by", "created_at", "finished_at"]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.done}/{obj.total}" if obj.total else "—"

    def get_fields(self, request, obj=None):
        return ["year", "version", "file"] if obj is None else ["year", "version", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["year", "version", *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        import gzip

        from django.core.files.uploadedfile import SimpleUploadedFile

        from .services import BudgetError, bulk_load_request, cbs_file

        upload = form.cleaned_data.get("file")
        if upload is None:
            path = cbs_file(obj.year)
            upload = SimpleUploadedFile(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes()))
        try:
            load = bulk_load_request(user=request.user, year=obj.year, version=obj.version or Version.PRIMITIVE, upload=upload)
        except BudgetError as error:
            messages.error(request, error.message)
            return
        obj.pk = load.pk
        messages.info(request, _("The load has been queued; this page shows its progress."))
