"""Pages shared by several domains (the workspace home, a municipality's public profile) show a section
from every app that has one, so that apps don't edit each other's templates.

An app takes part by shipping ``templates/<label>/sections/<kind>.html`` (kind: "workspace" or
"profile"); the template is included with the page's context. If it needs data, the app adds
``apps/<app>/sections.py`` with ``def context(kind, *, request, municipality) -> dict``; what it returns
is available to the template as ``section`` (one dict per app, so names never collide).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

KINDS = ("workspace", "profile")


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


def sections(kind: str, *, request, municipality) -> list[dict]:
    """[{"label", "template", "context"}] in INSTALLED_APPS order."""
    assert kind in KINDS, kind
    result = []
    for label, template, hook in _providers(kind):
        context = hook(kind, request=request, municipality=municipality) if hook else {}
        if context is None:
            continue
        result.append({"label": label, "template": template, "context": context})
    return result
