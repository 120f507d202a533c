"""What every API view shares: strict query parameters, throttles, key authentication."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions, throttling, viewsets

from apps.core.clientip import client_ip

from .permissions import DenyAll  # noqa: F401 - the default (settings.REST_FRAMEWORK)
from .services import api_key_check

COMMON_PARAMS = {"page", "pageSize", "format"}


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer ggg_…`` or ``X-Api-Key: ggg_…``. Without a key the request is
    anonymous (public reads); any other credentials, or a key that is unknown, tampered with or
    expired or revoked, are a 401: a wrong key never falls back silently to anonymous access."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is not None:
            raw = header[7:] if header[:7].lower() == "bearer " else ""
        else:
            raw = request.META.get("HTTP_X_API_KEY")
            if raw is None:
                return None
        key = api_key_check(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid, has expired or has been revoked."))
        return (None, key)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class KeyRequiredForWrites(permissions.BasePermission):
    """Anyone reads; writing needs a municipality's API key (the view checks the municipality)."""

    message = _("Writing needs a municipality's API key: Authorization: Bearer ggg_...")

    def has_permission(self, request, view):
        if request.method not in view.allowed_methods:
            return True  # a method the view does not have: DRF answers 405
        return request.method in permissions.SAFE_METHODS or request.auth is not None


class ClientAddressThrottleMixin:
    """Every throttle identifies an anonymous client by the platform's one client-address function
    (apps/core/clientip.py), never by DRF's own reading of X-Forwarded-For."""

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class PublicReadThrottle(ClientAddressThrottleMixin, throttling.AnonRateThrottle):
    scope = "public"


class ApiKeyThrottle(ClientAddressThrottleMixin, throttling.SimpleRateThrottle):
    """Per key, whoever calls with it."""

    scope = "key"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiViewMixin:
    """Declares access for the platform's URL check and refuses unknown query parameters, so a
    typing error in a filter is a clear 400 and never silently ignored."""

    access = "public"
    filter_params: set[str] = set()
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [KeyRequiredForWrites]
    throttle_classes = [PublicReadThrottle, ApiKeyThrottle]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - COMMON_PARAMS - set(self.filter_params))
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [_("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(COMMON_PARAMS | self.filter_params))}]
                    for name in unknown
                }
            )


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pass


def int_param(request, name, low, high):
    """The whole-number query parameter ``name`` (low..high), None when absent; else a 400 problem."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise exceptions.ValidationError({name: [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]})
    return int(raw)


class PlainListMixin:
    """``list`` builds each row as a plain dict from ``values()`` instead of model instances and a
    DRF serializer: no model ``__init__`` and no signals per row, no field-by-field
    ``to_representation``, the many-to-many goals in one query on the through table. The output is
    byte for byte the serializer's (``apps/api/tests/test_plain_lists.py`` compares both on the same
    data with ``plain_list = False``); ``retrieve``, the schema and writes keep the serializer.

    A view declares ``plain_fields`` (the ``values()`` names) and ``plain_rows(rows, request)``."""

    plain_list = True
    plain_fields: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        if not self.plain_list:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None).values(*self.plain_fields)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.plain_rows(list(page), request))

    def plain_rows(self, rows: list[dict], request) -> list[dict]:
        raise NotImplementedError


def iso(value) -> str | None:
    """A date as DRF's DateField writes it (ISO 8601), None for none."""
    return value.isoformat() if value else None


def goal_numbers(relation, ids) -> dict[int, list[int]]:
    """{owner id: [goal numbers, ascending]} for a ManyToManyField to Goal (``Model.goals``), one query."""
    through = relation.through
    owner = relation.field.m2m_field_name() + "_id"
    result: dict[int, list[int]] = {}
    for owner_id, number in through.objects.filter(**{owner + "__in": ids}).order_by("goal_id").values_list(owner, "goal_id"):
        result.setdefault(owner_id, []).append(number)
    return result


def slug_url(name: str, kwarg: str = "slug"):
    """``reverse(name, kwargs={kwarg: value})`` for many values: reversed once (for the active
    language), then the value put in its place; a value that would need quoting is reversed itself."""
    import re

    from django.urls import reverse

    marker = "0slugmarker0"
    head, _, tail = reverse(name, kwargs={kwarg: marker}).partition(marker)
    plain = re.compile(r"[-a-zA-Z0-9_]+")

    def url(value) -> str:
        value = str(value)
        return head + value + tail if plain.fullmatch(value) else reverse(name, kwargs={kwarg: value})

    return url
