import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from apps.core.permissions import MunicipalityPermissionRequired, Perm, PublicView

from . import render
from .models import ArtworkSet
from .services import LANGUAGES, artwork_request, fingerprint_for


class ArtworkView(MunicipalityPermissionRequired, TemplateView):
    """Preview and download the municipality's logo and banner set. A missing or outdated set is
    queued for the task worker; the page shows progress and refreshes itself (htmx)."""

    permission = Perm.VIEW_WORKSPACE
    template_name = "branding/artwork.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["branding/includes/artwork_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        artwork = artwork_request(municipality=self.municipality)
        ui_language = "en" if (get_language() or "nl").startswith("en") else "nl"
        language = self.request.GET.get("taal", ui_language)  # language of the artwork's texts
        if language not in LANGUAGES:
            language = ui_language
        groups = []
        if artwork.status == ArtworkSet.Status.READY:
            files = {(f["language"], f["variant"], f["format"]): f for f in artwork.manifest}
            for group in ("logo", "banner"):
                rows = []
                for variant in render.VARIANTS:
                    if variant.group != group:
                        continue
                    downloads = [files[(language, variant.key, fmt)] for fmt in variant.formats if (language, variant.key, fmt) in files]
                    preview = files.get((language, variant.key, "preview"))
                    rows.append(
                        {
                            "variant": variant,
                            "label": variant.label_en if ui_language == "en" else variant.label_nl,
                            "downloads": downloads,
                            "preview": preview,
                        }
                    )
                groups.append((group, rows))
        zip_file = next((f for f in artwork.manifest if f["format"] == "zip"), None) if artwork.status == ArtworkSet.Status.READY else None
        return super().get_context_data(
            artwork=artwork,
            stale=artwork.fingerprint != fingerprint_for(self.municipality),
            language=language,
            groups=groups,
            zip_file=zip_file,
            **kwargs,
        )


class ArtworkFileView(MunicipalityPermissionRequired, View):
    """One stored file of the set; only names listed in the set's manifest are served."""

    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug, language, name):
        artwork = ArtworkSet.objects.filter(municipality=self.municipality, status=ArtworkSet.Status.READY).first()
        entry = artwork and next(
            (f for f in artwork.manifest if f["language"] == ("" if language == "zip" else language) and f["name"] == name), None
        )
        if not entry or not default_storage.exists(entry["path"]):
            raise Http404
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        inline = request.GET.get("inline") == "1" and content_type in {"image/png", "image/svg+xml"}
        response = FileResponse(default_storage.open(entry["path"], "rb"), as_attachment=not inline, filename=name, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        if content_type == "image/svg+xml":
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response


class UsageRulesView(PublicView, TemplateView):
    template_name = "branding/usage_rules.html"
