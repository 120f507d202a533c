"""Pages shared by several domains (the workspace home, a municipality's public profile) show a section
from every app that has one, so that apps don't edit each other's templates.

An app takes part by shipping ``templates/<label>/sections/<kind>.html`` (kind: "workspace" or
"profile"); the template is included with the page's context. If it needs data, the app adds
``apps/<app>/sections.py`` with ``def context(kind, *, request, municipality) -> dict``; what it returns
is available to the template as ``section`` (one dict per app, so names never collide).

On a public profile seen by an anonymous visitor, each app's context is cached (``SECTION_CACHE``):
the key holds the municipality, the language and the versions of the data it can show (the page
cache's counters, apps/core/pagecache.py): ``c:<app>`` (any change in that app), ``c:goals``,
``c:municipalities`` and ``unscoped`` (reference data). So after a change in one app only that app's
section is computed again, and the other five cost one cache read together. Entries live at most
``PAGE_CACHE_SECONDS``, the bound the page cache already sets for what depends on the date (a
programme's phase, the capsule's opening day). Logged-in users (whose sections may show more, e.g.
links into the workspace) always get freshly computed sections, and nothing of theirs is stored.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import get_language

logger = logging.getLogger(__name__)
KINDS = ("workspace", "profile")
SHARED_VERSIONS = ("c:goals", "c:municipalities", "unscoped")
MISSING = object()


@cache
def _providers(kind: str) -> tuple[tuple[str, str, object], ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        template = f"{config.label}/sections/{kind}.html"
        try:
            get_template(template)
        except TemplateDoesNotExist:
            continue
        hook = None
        if find_spec(f"{config.name}.sections"):
            hook = getattr(import_module(f"{config.name}.sections"), "context", None)
        found.append((config.label, template, hook))
    return tuple(found)


def _cache_keys(kind: str, municipality, providers) -> dict[str, str]:
    """{app label: cache key} for the apps with a hook, under the current versions of their data."""
    from .pagecache import versions

    labels = [label for label, _template, hook in providers if hook]
    names = [*SHARED_VERSIONS, *(f"c:{label}" for label in labels)]
    found = dict(zip(names, versions(names), strict=True))
    shared = "-".join(str(found[n]) for n in SHARED_VERSIONS)
    return {label: f"section:{kind}:{label}:{municipality.pk}:{get_language()}:{shared}-{found[f'c:{label}']}" for label in labels}


def sections(kind: str, *, request, municipality) -> list[dict]:
    """[{"label", "template", "context"}] in INSTALLED_APPS order."""
    assert kind in KINDS, kind
    providers = _providers(kind)
    keys, cached = {}, {}
    user = getattr(request, "user", None)
    if kind == "profile" and getattr(settings, "SECTION_CACHE", True) and not (user and user.is_authenticated):
        try:
            keys = _cache_keys(kind, municipality, providers)
            cached = shared_cache.get_many(list(keys.values()))
        except Exception:  # the cache is down: compute every section
            logger.exception("Section cache: read failed")
            keys, cached = {}, {}
    result, fresh = [], {}
    for label, template, hook in providers:
        context = cached.get(keys.get(label), MISSING) if keys else MISSING
        if context is MISSING:
            context = hook(kind, request=request, municipality=municipality) if hook else {}
            if label in keys:
                fresh[keys[label]] = context
        if context is None:
            continue
        result.append({"label": label, "template": template, "context": context})
    if fresh:
        try:
            shared_cache.set_many(fresh, getattr(settings, "PAGE_CACHE_SECONDS", 600))
        except Exception:  # unpicklable context or the cache is down: next time they are computed again
            logger.exception("Section cache: write failed")
    return result
