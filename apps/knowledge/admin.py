from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, Page, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "kind", "audience", "published", "published_on"]
    list_filter = ["published", "kind", "audience", "topics", "goals"]
    search_fields = ["title_nl", "title_en", "summary_nl", "body_nl"]
    prepopulated_fields = {"slug": ["title_nl"]}
    filter_horizontal = ["goals", "topics", "action_formats", "practice_examples"]
    fieldsets = [
        (None, {"fields": ["kind", "slug", "published", "published_on", "audience", "source"]}),
        (_("Dutch"), {"fields": ["title_nl", "summary_nl", "body_nl"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (_("Link and file"), {"fields": ["url", "file"]}),
        (_("Tags"), {"fields": ["goals", "topics"]}),
        (_("Menukaart"), {"fields": ["action_formats", "practice_examples"]}),
    ]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request, queryset):
        from django.utils import timezone

        queryset.filter(published_on__isnull=True).update(published_on=timezone.localdate())
        queryset.update(published=True)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title_nl", "slug", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug"]}),
        (_("Dutch"), {"fields": ["title_nl", "intro_nl", "body_nl"]}),
        (_("English"), {"fields": ["title_en", "intro_en", "body_en"]}),
    ]
