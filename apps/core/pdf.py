"""Typeset PDFs from HTML templates with WeasyPrint (BSD licence; uses the system's Pango).

Used by background tasks only (never in a request). Resources are resolved without network: static
files through the staticfiles finders, everything else is refused, so a document can never fetch a
URL that a user typed into it.

    pdf_bytes = render_pdf("programmes/guide_pdf.html", {"guide": guide}, language="nl")
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

STATIC_PREFIX = "static:"


class ResourceRefused(Exception):
    pass


def _fetch(url: str, *args, **kwargs) -> dict:
    """The static file behind ``static:css/print.css`` or a path under STATIC_URL, as
    {"string": bytes, "mime_type": str}; anything else is refused."""
    path = None
    if url.startswith(STATIC_PREFIX):
        path = url.removeprefix(STATIC_PREFIX)
    else:
        parts = urlsplit(url)
        if parts.path.startswith(settings.STATIC_URL):
            path = parts.path.removeprefix(settings.STATIC_URL)
    if not path:
        raise ResourceRefused(f"PDF resources come from static files only, not {url!r}")
    found = finders.find(path)
    if not found:
        raise ResourceRefused(f"no static file {path!r}")
    with open(found, "rb") as handle:
        data = handle.read()
    return {"string": data, "mime_type": mimetypes.guess_type(found)[0] or "application/octet-stream"}


def static_fetcher(extra=None):
    """A WeasyPrint (70+) URL fetcher that serves ``data:`` URLs and static files and refuses everything
    else. ``extra(url)`` may answer some URLs itself (bytes and MIME type, or None to fall through)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if extra is not None and (answer := extra(url)) is not None:
                body, mime_type = answer
                return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})
            found = _fetch(url)
            return URLFetcherResponse(url, body=found["string"], headers={"Content-Type": found["mime_type"]})

    return StaticFetcher(allowed_protocols=None)


def html_to_pdf(html: str, *, variant: str | None = "pdf/ua-1") -> bytes:
    """The PDF for ``html``. ``variant`` "pdf/ua-1" writes a tagged PDF (document structure,
    language, title from <title>) for screen readers; None for a plain PDF."""
    from weasyprint import HTML

    document = HTML(string=html, base_url="static:/", url_fetcher=static_fetcher())
    return document.write_pdf(pdf_variant=variant) if variant else document.write_pdf()


def render_pdf(template: str, context: dict, *, language: str = "nl", variant: str | None = "pdf/ua-1") -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return html_to_pdf(html, variant=variant)
