"""The anonymous page cache: every public page (a view whose access rule is ``public``, the open API's
GETs included) is served to anonymous visitors from the shared cache (Django's cache framework:
Redis in production, a file cache for ``make run``), so that most visits cost what a cache read costs.

Key: language + path + validated query parameters + the *versions* of the data behind the page.
Versions are counters in the same cache (so every web process and the task worker agree), bumped
from ``post_save``/``post_delete``/``m2m_changed`` of any model of the platform's apps:

- ``all``: any change; pages that are not about one municipality (home, lists, map, goals,
  Menukaart, knowledge base, the API's lists) depend on it;
- ``m:slug:<slug>`` and ``m:code:<cbs code>``: a change to a row that belongs to that municipality
  (a foreign key to Municipality, directly or through up to two other foreign keys);
- ``unscoped``: a change to a row that belongs to no municipality (reference data, goals, formats).
  Pages about one municipality (``MUNICIPALITY_PAGES``) depend on their municipality and on this;
- ``c:<app label>``: per collection (app), for pages that declare narrower dependencies in
  ``settings.PAGE_CACHE_DEPENDENCIES`` (URL name or namespace → collections).

A new page of any app is covered without extra work: it depends on ``all`` unless declared. Entries
also expire after ``PAGE_CACHE_SECONDS`` (a safety net for bulk updates, which send no signals).

Never stored: a request with a session, messages or API-key credentials, an htmx request, a
response that is not a 200, that sets a cookie, that used the CSRF token, that modified the session,
that has its own Cache-Control, or a query string with a parameter that is not in ``PARAMS`` (or a
value its check refuses) — so arbitrary parameters cannot fill the cache.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

PREFIX = "pc:"
MAX_BYTES = 1024 * 1024  # larger answers (downloads) are not worth the cache's memory
# A response that varies on another request header than these is not stored (the key does not hold it).
VARY_KNOWN = {"cookie", "accept-language", "accept-encoding", "origin"}
VERSION = PREFIX + "v:"


def _int(low: int, high: int) -> Callable[[str], bool]:
    return lambda value: value.isdigit() and len(value) <= 6 and low <= int(value) <= high


def _regex(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: compiled.fullmatch(value) is not None


def _choices(path: str) -> Callable[[str], bool]:
    """A value of a TextChoices/IntegerChoices class (imported on first use)."""

    @functools.cache
    def values() -> frozenset[str]:
        module, name = path.rsplit(".", 1)
        return frozenset(str(v) for v in getattr(__import__(module, fromlist=[name]), name).values)

    return lambda value: value in values()


BOOLEAN = _regex(r"true|false")
# Query parameters that may be part of a cache key, each with the check its value must pass. Free
# text (``q``) and slugs of open sets are absent: such requests are answered but not cached.
PARAMS: dict[str, Callable[[str], bool]] = {
    # pages
    "pagina": _int(1, 999),
    "doel": _int(1, 17),
    "provincie": _choices("apps.municipalities.models.Province"),
    "grootte": _choices("apps.municipalities.models.SizeClass"),
    "doelgroep": _regex(r"[a-z_]{1,30}"),
    "inspanning": _choices("apps.menukaart.models.Effort"),
    "soort": _choices("apps.knowledge.models.Article.Kind"),
    "maand": _regex(r"20\d\d-(0[1-9]|1[0-2])"),
    "taal": _regex(r"nl|en"),
    "inline": _regex(r"1"),
    "begroting": _int(1, 10**6),
    # the open API
    "page": _int(1, 999),
    "pageSize": _int(1, 100),
    "goal": _int(1, 17),
    "member": BOOLEAN,
    "current": BOOLEAN,
    "upcoming": BOOLEAN,
    "province": _choices("apps.municipalities.models.Province"),
    "sizeClass": _choices("apps.municipalities.models.SizeClass"),
    "municipality": _regex(r"GM\d{4}"),
    "year": _int(2000, 2100),
}

# Pages about one municipality: URL name → the URL argument that names it (and how).
MUNICIPALITY_PAGES: dict[str, tuple[str, str]] = {
    "pages:municipality": ("slug", "slug"),
    "monitor:dashboard": ("slug", "slug"),
    "monitor:indicator": ("slug", "slug"),
    "monitor:series_csv": ("slug", "slug"),
    "monitor:series_json": ("slug", "slug"),
    "monitor:open_sdg": ("slug", "slug"),
    "budget:municipality": ("slug", "slug"),
    "budget:goal": ("slug", "slug"),
    "menukaart:ical": ("slug", "slug"),
    "tijdscapsule:wishes": ("slug", "slug"),
    "tijdscapsule:booklet": ("slug", "slug"),
    "api:municipalities-detail": ("cbsCode", "code"),
}

# Models whose changes never show on a public page (bookkeeping that is written while serving).
IGNORED_MODELS = {"api.apikey", "privacy.dataexport", "updates.delivery"}


# --- versions ----------------------------------------------------------------------------------------


def _bump_now(names) -> None:
    try:
        _increment(names)
    except Exception:  # the cache is down: the change is saved, pages may be stale until PAGE_CACHE_SECONDS
        logger.exception("Page cache: could not bump %s", ", ".join(names))


def _increment(names) -> None:
    for name in names:
        key = VERSION + name
        # A counter that is missing (never set, or evicted) starts at the clock, never at a number an
        # older entry could still carry.
        if cache.add(key, time.time_ns(), timeout=None):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns(), timeout=None)


def bump(*names: str) -> None:
    """Invalidate every page that depends on one of ``names``: at once (a later render in the same
    transaction sees the change) and, inside a transaction, once more when it commits (another process
    that rendered in between read the old rows and stored them under the first new version)."""
    _bump_now(names)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    state = getattr(connection, "_page_cache_pending", None)
    if state is None or not any(entry[1] is state[1] for entry in connection.run_on_commit):
        pending: set[str] = set()

        def flush(pending=pending):
            _bump_now(sorted(pending))

        transaction.on_commit(flush)
        state = connection._page_cache_pending = (pending, flush)
    state[0].update(names)


def versions(names) -> list:
    found = cache.get_many([VERSION + n for n in names])
    missing = [n for n in names if VERSION + n not in found]
    if missing:
        _bump_now(missing)
        found.update(cache.get_many([VERSION + n for n in missing]))
    return [found.get(VERSION + n, 0) for n in names]


# --- signals ------------------------------------------------------------------------------------------


def _is_platform_model(model) -> bool:
    meta = model._meta
    if not model.__module__.startswith("apps.") or meta.label_lower in IGNORED_MODELS:
        return False
    # django-simple-history's copies change together with the row they copy
    return not (meta.model_name.startswith("historical") and any(f.name == "history_id" for f in meta.fields))


@functools.cache
def _municipality_path(model) -> tuple[str, ...] | None:
    """Foreign-key field names from ``model`` to Municipality (breadth first, at most three), ()
    for Municipality itself, None when its rows belong to no municipality."""
    from apps.municipalities.models import Municipality

    if model is Municipality:
        return ()
    queue = [(model, ())]
    for _ in range(3):
        following = []
        for current, path in queue:
            for field in current._meta.fields:
                if isinstance(field, models.ForeignKey) and field.related_model is not None:
                    if field.related_model is Municipality:
                        return (*path, field.name)
                    if field.related_model is not current:
                        following.append((field.related_model, (*path, field.name)))
        queue = following
    return None


@functools.lru_cache(maxsize=4096)
def _municipality_of_row(model, pk, rest: tuple[str, ...]):
    return model._default_manager.filter(pk=pk).values_list("__".join(rest), flat=True).first()


@functools.lru_cache(maxsize=4096)
def _municipality_names(pk) -> tuple[str, ...]:
    from apps.municipalities.models import Municipality

    row = Municipality.objects.filter(pk=pk).values_list("slug", "cbs_code").first()
    return (f"m:slug:{row[0]}", f"m:code:{row[1]}") if row else ()


def names_for(instance) -> list[str]:
    """The versions a change to ``instance`` bumps."""
    model = type(instance)
    names = ["all", f"c:{model._meta.app_label}"]
    path = _municipality_path(model)
    municipality_id = None
    if path == ():
        municipality_id = instance.pk
        _municipality_names.cache_clear()  # its slug may have changed
    elif path:
        field = model._meta.get_field(path[0])
        first = getattr(instance, field.attname, None)
        municipality_id = first if len(path) == 1 or first is None else _municipality_of_row(field.related_model, first, path[1:])
    if municipality_id is None:
        names.append("unscoped")
    else:
        names.extend(_municipality_names(municipality_id))
        if path == ():  # the row itself: its own names also when it is gone (post_delete) or just renamed
            names.extend((f"m:slug:{instance.slug}", f"m:code:{instance.cbs_code}"))
    return names


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw") or not _is_platform_model(type(instance)):
        return
    if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) <= {"last_login"}:
        return  # a login is no change to any page
    bump(*names_for(instance))


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith("post_") or not _is_platform_model(type(instance)):
        return
    bump(*names_for(instance))
    if _is_platform_model(model) and pk_set and _municipality_path(model) is not None:
        for pk in pk_set:  # the other side, when it belongs to a municipality
            related = model._default_manager.filter(pk=pk).first()
            if related is not None:
                bump(*names_for(related))


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="page_cache_save")
    post_delete.connect(_changed, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache_m2m")


# --- the middleware ---------------------------------------------------------------------------------


def _dependencies(match) -> list[str]:
    view_name = match.view_name
    declared = getattr(settings, "PAGE_CACHE_DEPENDENCIES", {})
    if view_name in MUNICIPALITY_PAGES:
        kwarg, kind = MUNICIPALITY_PAGES[view_name]
        value = match.kwargs.get(kwarg)
        if value:
            return [f"m:{kind}:{value}", "unscoped"]
    for name in (view_name, view_name.split(":", 1)[0]):
        if name in declared:
            return [f"c:{c}" for c in declared[name]]
    return ["all"]


def _is_public(match) -> bool:
    callback = match.func
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return getattr(view, "access", None) == "public"


@functools.lru_cache(maxsize=4096)
def _route(language: str, path: str) -> tuple[str, ...] | None:
    """The versions a public page depends on, None for a path that is not a public page (memoised:
    resolving the URL is a good part of a cache hit's cost; the language decides the URL prefix)."""
    try:
        with translation.override(language):  # the language decides which URL prefix resolves
            match = resolve(path)
    except Resolver404:
        return None
    return tuple(_dependencies(match)) if _is_public(match) else None


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache (see the module's docstring). Sits
    before the session, locale and API middleware and everything else a cached page does not need
    (it works out the language as LocaleMiddleware and ApiMiddleware do); a stored page carries the
    headers they added (Content-Language, API-Version, Vary)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.max_age = getattr(settings, "PAGE_CACHE_MAX_AGE", 60)
        self.excluded = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
        self.private_cookies = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))

    def key(self, request) -> str | None:
        """The cache key of this request, or None when it must not be served from or stored in the cache."""
        if request.method != "GET" or not settings.PAGE_CACHE:
            return None
        if any(name in request.COOKIES for name in self.private_cookies):
            return None
        meta = request.META
        if "HTTP_AUTHORIZATION" in meta or "HTTP_X_API_KEY" in meta or "HTTP_HX_REQUEST" in meta:
            return None
        path = request.path_info
        if path.startswith(self.excluded):
            return None
        params = []
        for name, values in request.GET.lists():
            check = PARAMS.get(name)
            if check is None or len(values) != 1 or not check(values[0]):
                return None
            params.append((name, values[0]))
        if path.startswith("/api/"):
            if settings.SECURE_SSL_REDIRECT and not request.is_secure():
                return None  # ApiMiddleware refuses the API over plain HTTP
            language = translation.get_language_from_request(request, check_path=False)  # as ApiMiddleware
        else:
            language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE  # as LocaleMiddleware (no prefix: nl)
        names = _route(language, path)
        if names is None:
            return None
        raw = "|".join([language, path, "&".join(f"{k}={v}" for k, v in sorted(params)), *map(str, versions(names))])
        return PREFIX + "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def __call__(self, request):
        try:
            key = self.key(request)
            stored = cache.get(key) if key is not None else None
        except Exception:  # the cache is down: render every page, as without the page cache
            logger.exception("Page cache: lookup failed")
            key = stored = None
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if key is not None and self.storable(request, response):
            self.store(key, request, response)
        elif self._logged_in(request) and "Cache-Control" not in response:
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response

    def _logged_in(self, request) -> bool:
        user = getattr(request, "user", None)
        return user is not None and settings.SESSION_COOKIE_NAME in request.COOKIES and user.is_authenticated

    def storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies or len(response.content) > MAX_BYTES:
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - VARY_KNOWN:
            return False
        if response.has_header("Cache-Control") or response.has_header("Set-Cookie"):
            return False
        if request.META.get("CSRF_COOKIE_USED") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page carries a CSRF token: it is this visitor's
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def store(self, key: str, request, response) -> None:
        content = response.content
        if not response.has_header("ETag"):
            response.headers["ETag"] = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date()
        response.headers["Cache-Control"] = f"public, max-age={self.max_age}"
        patch_vary_headers(response, ("Cookie", "Accept-Language") if request.path_info.startswith("/api/") else ("Cookie",))
        try:
            cache.set(key, (content, list(response.headers.items())), self.timeout)
        except Exception:
            logger.exception("Page cache: store failed")
            return
        response.headers["X-Page-Cache"] = "miss"
