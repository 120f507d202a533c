"""The client's address: the one function that login locks (django-axes), the API throttles and the
form rate limits (django-ratelimit) all ask.

``TRUSTED_PROXY_COUNT`` (env ``PROXY_COUNT``) is the number of reverse proxies in front of the web
processes that each append the address they saw to ``X-Forwarded-For`` (nginx with
``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``; see docs/production.md).

- 0 (development, no proxy): ``REMOTE_ADDR``; ``X-Forwarded-For`` is ignored entirely.
- N: the N-th address from the right of ``X-Forwarded-For``, the one the outermost trusted proxy
  appended. Anything a client put in the header itself sits further left and is never used. When
  the header has fewer entries than N (a request that bypassed a proxy), ``REMOTE_ADDR``.

django-ipware parses and validates the header: with ``proxy_order="left-most"``, ``strict=False``
and ``proxy_count=N-1`` it returns exactly that N-th address from the right.
"""

from __future__ import annotations

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str | None:
    """None when the request carries no address at all (a login made in code, e.g. Django's
    ``force_login``): django-axes then stores no address, which PostgreSQL's inet column requires."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return address or remote


def ratelimit_key(group, request) -> str:
    """django-ratelimit's key: the client's address (same answer as :func:`client_ip`)."""
    return client_ip(request) or "unknown"
