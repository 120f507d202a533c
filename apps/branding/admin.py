from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ArtworkSet
from .services import artwork_request
from .tasks import regenerate_all_artwork


@admin.register(ArtworkSet)
class ArtworkSetAdmin(admin.ModelAdmin):
    list_display = ["municipality", "status", "generated_at", "seconds", "file_count", "rules"]
    list_filter = ["status"]
    search_fields = ["municipality__display_name"]
    readonly_fields = [
        "municipality",
        "status",
        "fingerprint",
        "requested_fingerprint",
        "folder",
        "generated_at",
        "seconds",
        "error",
        "requested_at",
        "manifest",
    ]
    actions = ["regenerate"]
    change_list_template = "admin/branding/artworkset/change_list.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("files"))
    def file_count(self, obj):
        return len(obj.manifest)

    @admin.display(description=_("usage rules"))
    def rules(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("branding:usage_rules"), _("usage rules"))

    @admin.action(description=_("Make the selected sets again"))
    def regenerate(self, request, queryset):
        for artwork in queryset.select_related("municipality"):
            artwork_request(municipality=artwork.municipality, force=True)
        self.message_user(request, _("The selected sets are queued; the task workers make them."), messages.SUCCESS)

    def get_urls(self):
        return [
            path("regenerate-all/", self.admin_site.admin_view(self.regenerate_all_view), name="branding_artworkset_regenerate_all"),
            *super().get_urls(),
        ]

    def regenerate_all_view(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            return redirect("admin:branding_artworkset_changelist")
        regenerate_all_artwork.enqueue()
        self.message_user(request, _("New sets for all member municipalities are queued; the task workers make them."), messages.SUCCESS)
        return redirect("admin:branding_artworkset_changelist")
