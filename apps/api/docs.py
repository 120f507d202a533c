"""/ontwikkelaars/: the API's documentation in Dutch and English, rendered from the same OpenAPI
document that /api/v1/openapi.json serves (one source of truth: the code)."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from apps.core.permissions import public

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def _schema(language: str) -> dict:
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(language):
        return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def operations() -> list[dict]:
    """[{method, path, summary, description, parameters, tags, secured}] in the document's order."""
    schema = _schema((translation.get_language() or "nl")[:2])
    # The document's paths are relative to its server URL, which carries the version: /api/v1 + /goals.
    base = urlsplit(schema["servers"][0]["url"]).path.rstrip("/")
    found = []
    for relative, item in schema["paths"].items():
        path = base + relative if relative != "/" else base
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or ["api"])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                            "type": p.get("schema", {}).get("type", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "secured": any(requirement for requirement in operation.get("security", [])),
                }
            )
    return found


@public
def api_docs(request):  # an HTML page: see apps/pages/accessibility.py
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations(),
            "schema_url": reverse("api:schema"),
            "schema_yaml_url": reverse("api:schema_yaml"),
            "root_url": reverse("api_root"),
            "version": settings.API_VERSION,
            "site": settings.SITE_URL.rstrip("/"),
        },
    )


api_docs.renders_page = True
