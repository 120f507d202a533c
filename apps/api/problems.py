"""Errors as RFC 9457 problem details (application/problem+json), as the Dutch API Design Rules
ask (API-46): every error of the API, from DRF's exceptions to Django's 404 and 500."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM = "application/problem+json"

TITLES = {
    400: lambda: _("Invalid request"),
    401: lambda: _("Not authenticated"),
    403: lambda: _("Not allowed"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    406: lambda: _("Not acceptable"),
    413: lambda: _("Request too large"),
    415: lambda: _("Unsupported media type"),
    429: lambda: _("Too many requests"),
    500: lambda: _("Server error"),
}


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM
    format = "problem+json"


def problem(status_code: int, detail: str = "", *, instance: str = "", invalid_params=None, **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, lambda: _("Error"))(),
        "status": status_code,
    }
    if detail:
        body["detail"] = str(detail)
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    body.update(extra)
    return body


def _invalid_params(data, prefix="") -> list[dict]:
    """DRF's validation errors as [{"name", "code", "reason"}] (the ADR's invalidParams)."""
    params = []
    if isinstance(data, dict):
        for name, value in data.items():
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                params += _invalid_params(value, f"{prefix}[{index}]" if prefix else str(index))
            else:
                params.append({"name": prefix or "nonFieldErrors", "code": getattr(value, "code", "invalid"), "reason": str(value)})
    else:
        params.append({"name": prefix or "nonFieldErrors", "code": getattr(data, "code", "invalid"), "reason": str(data)})
    return params


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if response is None:
        return None  # a 500: Django's handler answers; see problem_response
    if isinstance(exc, exceptions.ValidationError):
        body = problem(400, _("One or more fields are not valid."), instance=instance, invalid_params=_invalid_params(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        body = problem(response.status_code, detail, instance=instance)
    headers = {k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate", "Allow")}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM)


def problem_response(request, status_code: int, detail: str = "") -> JsonResponse:
    """For errors outside DRF's views (unknown API URL, 413, 500)."""
    return JsonResponse(problem(status_code, detail, instance=request.get_full_path()), status=status_code, content_type=PROBLEM)


__all__ = ["PROBLEM", "ProblemJSONRenderer", "exception_handler", "problem", "problem_response", "status"]
