from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Goal, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["code", "kind", "title_short_nl", "title_short_en"]
    readonly_fields = ["code", "kind"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title_short_nl", "title_short_en", "colour"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_short_nl", "kind"]
    list_filter = ["goal", "kind"]
    search_fields = ["code", "title_short_nl", "title_short_en", "text_nl", "text_en"]
