"""Typesetting the review with apps/core/pdf.py's rules (static resources only, tagged PDF/UA).

WeasyPrint 70 wants a ``URLFetcherResponse`` from a URL fetcher where apps/core/pdf.py's ``_fetch``
returns the older dict (so a document with a stylesheet or font fails there); this wraps it until
the shared helper is updated."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from apps.core.pdf import _fetch


def _fetcher(url, *args, **kwargs):
    resource = _fetch(url, *args, **kwargs)
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # older WeasyPrint takes the dict
        return resource
    return URLFetcherResponse(url, body=resource["string"], headers={"Content-Type": resource["mime_type"]})


def render_pdf(template: str, context: dict, *, language: str = "nl") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return HTML(string=html, base_url="static:/", url_fetcher=_fetcher).write_pdf(pdf_variant="pdf/ua-1")
