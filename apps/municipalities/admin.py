from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Municipality, Reorganisation


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["display_name", "cbs_code", "province", "population", "size_class", "valid_until"]
    list_filter = ["province", "size_class", ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["display_name", "name", "cbs_code"]
    readonly_fields = ["size_class"]
    raw_id_fields = ["successor"]


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ["effective_date", "new_municipality"]
    filter_horizontal = ["old_municipalities"]
