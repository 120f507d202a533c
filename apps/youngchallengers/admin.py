from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Challenge, Nomination, Post, Report, Step, YoungChallenger


@admin.register(YoungChallenger)
class YoungChallengerAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role_title", "public", "created_at"]
    list_filter = ["public", "municipality__province"]
    search_fields = ["user__full_name", "user__email", "municipality__display_name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = []
    raw_id_fields = ["user", "nominated_by"]


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "challenger", "status", "public", "updated_at"]
    list_filter = ["status", "public"]
    search_fields = ["title", "plan"]
    list_select_related = ["challenger__user", "challenger__municipality"]
    inlines = [StepInline]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["email", "municipality", "created_at"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "hidden", "created_at"]
    list_filter = ["hidden"]
    list_select_related = ["author__user", "author__municipality"]
    actions = ["hide", "show"]

    @admin.action(description=_("Hide the selected messages"))
    def hide(self, request, queryset):
        queryset.update(hidden=True)

    @admin.action(description=_("Show the selected messages again"))
    def show(self, request, queryset):
        queryset.update(hidden=False)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "created_at", "handled"]
    list_filter = ["handled"]
    list_select_related = ["post", "reporter"]
    actions = ["hide_post"]

    @admin.action(description=_("Hide the reported messages and mark the reports handled"))
    def hide_post(self, request, queryset):
        Post.objects.filter(reports__in=queryset).update(hidden=True)
        queryset.update(handled=True)
