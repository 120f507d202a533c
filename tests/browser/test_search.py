"""The platform search in the browser: the header field on any page leads to grouped results with
the goals of the query; the results page and the page without results pass axe-core."""

import pytest
from playwright.sync_api import expect

from apps.menukaart.demo import load_demo
from apps.search.index import rebuild_index

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]
AXE_PAGES = ("search:search",)  # checked below (apps/core/tests/test_axe_coverage.py)


def test_search_from_the_header(page, axe_clean):
    load_demo(password="x")
    rebuild_index()
    page.goto("/menukaart/")
    page.get_by_role("searchbox", name="Zoeken op de site").fill("energiearmoede")
    page.get_by_role("button", name="Zoek", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Zoeken")).to_be_visible()
    expect(page.get_by_role("link", name="Aanpak energiearmoede in de wijk")).to_be_visible()
    expect(page.get_by_text("Dit gaat over")).to_be_visible()
    axe_clean("/zoeken/?q=energiearmoede", "search-results")
    axe_clean("/zoeken/?q=xqzwv", "search-nothing-found")
