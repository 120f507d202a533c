"""Cached HTML fragments for public pages that every visitor sees the same way."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

FRAGMENT_TIMEOUT = 3600


def cached_fragment(*, name: str, version: str, template: str, context, request=None, vary: str = "") -> str:
    """Render ``template`` with ``context()`` (a callable, so nothing is queried on a hit) and cache
    the HTML per language under ``version``, which the caller derives from the data shown."""
    digest = hashlib.sha256(vary.encode()).hexdigest()[:16]
    key = f"fragment:{name}:{get_language()}:{version}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context(), request=request)
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own rendered template
