"""What the accessibility statement says about automated testing, kept true by a test.

Every page of the platform (a view with a template) is checked with axe-core in Chromium by the
browser tests, in Dutch and English, except the pages listed in ``UNTESTED``: those are named on
the statement as not yet checked automatically. ``apps/core/tests/test_axe_coverage.py`` fails when
a page is neither checked nor listed here, or when a listed page is in fact checked, so the
statement can never claim more (or less) than the test suite does.
"""

from django.utils.translation import gettext_lazy as _

# URL name -> why it has no automated check yet (shown on the statement)
UNTESTED: dict[str, str] = {
    "accounts:logout": _("The page after logging out (it is reached only through the log-out button)."),
}


def page_routes():
    """[(url name, route)] of every view that renders an HTML page from a template."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.views.generic.base import TemplateResponseMixin

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespace, pattern

    pages = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if namespace == "admin" or route.startswith("api/"):
            continue
        callback = pattern.callback
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        renders = getattr(callback, "renders_page", False) or (
            view is not None and (issubclass(view, TemplateResponseMixin) or bool(getattr(view, "template_name", None)))
        )
        if renders:
            pages.append((f"{namespace}:{pattern.name}" if namespace else pattern.name, route))
    return pages
