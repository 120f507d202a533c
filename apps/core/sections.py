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

On the workspace home, an app's section is cached too if its ``sections.py`` defines
``workspace_cache_token(municipality) -> str`` (what its data depends on beyond the versions, e.g. the
monitor's open-data load; "" if nothing) and its workspace context is the same for every user of the
municipality. The key holds the municipality, the language, that municipality's version
(``m:slug:<slug>``: any change to a row of that municipality), ``unscoped``, ``c:goals``, ``c:<app>``
and the token; so one municipality's section is never served to another, and a change to its data
shows at once. Sections that change without a signal (a scan's progress) define no token.
"""

from __future__ import annotations

import logging
import sys
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


def _workspace_cache_keys(municipality, providers) -> dict[str, str]:
    """{app label: cache key} for the workspace sections that may be cached (see the module's docstring)."""
    from .pagecache import versions

    tokens = {}
    for label, _template, hook in providers:
        token_of = getattr(sys.modules[hook.__module__], "workspace_cache_token", None) if hook else None
        if token_of:
            tokens[label] = token_of(municipality)
    if not tokens:
        return {}
    shared_names = (f"m:slug:{municipality.slug}", "unscoped", "c:goals")
    names = [*shared_names, *(f"c:{label}" for label in tokens)]
    found = dict(zip(names, versions(names), strict=True))
    shared = "-".join(str(found[n]) for n in shared_names)
    return {
        label: f"section:workspace:{label}:{municipality.pk}:{get_language()}:{shared}-{found[f'c:{label}']}:{token}"
        for label, token in tokens.items()
    }


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
    elif kind == "workspace" and getattr(settings, "SECTION_CACHE", True):
        try:
            keys = _workspace_cache_keys(municipality, providers)
            cached = shared_cache.get_many(list(keys.values())) if keys else {}
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
