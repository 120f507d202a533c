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
                {name: [_("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(COMMON_PARAMS | self.filter_params))}] for name in unknown}
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
