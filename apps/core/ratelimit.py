"""Rate limits for the site's forms: django-ratelimit on the shared cache (Redis in production),
keyed by the client's address from :func:`apps.core.clientip.client_ip`."""

from __future__ import annotations

from django_ratelimit.core import is_ratelimited

from apps.core.clientip import client_ip, ratelimit_key

__all__ = ["client_ip", "exceeded"]


def exceeded(request, *, group: str, rate: str) -> bool:
    """Count one hit for this client in ``group``; True when ``rate`` (e.g. ``"10/h"``) is exceeded."""
    return is_ratelimited(request, group=group, key=ratelimit_key, rate=rate, increment=True)
