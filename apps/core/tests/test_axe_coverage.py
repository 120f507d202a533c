"""The accessibility statement's claim about automated testing is true: every page that renders a
template is checked with axe-core by a browser test, or is named on the statement as not (yet)."""

import importlib
import pkgutil
from collections import defaultdict

from django.urls import Resolver404, resolve

import tests.browser
from apps.pages.accessibility import UNTESTED, page_routes


class Anything(defaultdict):
    def __missing__(self, key):
        return "1"


def covered_names() -> set[str]:
    """URL names checked by the browser tests: the paths of test_accessibility.PAGES (resolved), the
    pages its callables visit (``AXE_NAMES`` on them), and each browser module's ``AXE_PAGES``."""
    names = set()
    for info in pkgutil.iter_modules(tests.browser.__path__):
        module = importlib.import_module(f"tests.browser.{info.name}")
        names.update(getattr(module, "AXE_PAGES", ()))
        for target in getattr(module, "PAGES", {}).values():
            if callable(target):
                names.update(getattr(target, "AXE_NAMES", ()))
                continue
            path = target.format_map(Anything()).split("?")[0]
            try:
                match = resolve(path)
            except Resolver404:
                continue  # the 404 page
            names.add(match.view_name)
    return names


def test_every_page_is_checked_with_axe_or_listed_on_the_statement():
    pages = {name for name, _route in page_routes()}
    covered = covered_names()
    unchecked = pages - covered
    assert unchecked - set(UNTESTED) == set(), "pages without an axe check: add them to a browser test (PAGES / AXE_PAGES) or to apps/pages/accessibility.py UNTESTED"
    assert set(UNTESTED) & covered == set(), "pages listed as untested on the statement are checked: remove them from UNTESTED"
    assert set(UNTESTED) <= pages, "UNTESTED names a page that does not exist"


def test_the_statement_names_the_untested_pages(client):
    body = client.get("/en/toegankelijkheid/").content.decode()
    for reason in UNTESTED.values():
        assert str(reason) in body
