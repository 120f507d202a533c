"""The campaign team maintains the default key (taakveld -> goals, with reasoning) here; budgets
themselves belong to the municipalities and are read-only in the back office."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, BudgetImport, BudgetLine, KeyShare, Taakveld, TaggingEvent
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


@admin.register(BudgetImport)
class BudgetImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "municipality", "year", "version", "status", "filename"]
    list_filter = ["status"]
    readonly_fields = ["municipality", "year", "version", "number", "filename", "status", "budget", "created_by", "problems"]
    exclude = ["rows"]

    def has_add_permission(self, request):
        return False
