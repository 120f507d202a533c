"""The anonymous page cache (apps/core/pagecache.py): no private data ever comes out of it, a change
invalidates exactly the pages that show it, arbitrary query parameters are not cached, and pages
answer conditional GETs."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from apps.core import pagecache
from apps.core.tests.test_access import view_of, walk
from tests.factories import MembershipFactory, UserFactory

NOT_CACHEABLE = {  # forms that need a CSRF cookie, a POST-only view, a 404 without data
    "/aanmelden/",
    "/account/inloggen/",
    "/account/uitloggen/",
    "/account/wachtwoord-vergeten/",
    "/account/wachtwoord-vergeten/verzonden/",
    "/account/wachtwoord-herstellen/klaar/",
    "/tijdscapsule/debatkit/download/",
    "/healthz",
    # the OpenAPI documents: the same for everyone by construction, and slow to generate (test time)
    "/api/v1/openapi.json",
    "/api/v1/openapi.yaml",
}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.SECTION_CACHE = True


def public_urls(municipality) -> list[str]:
    """Every public page without URL arguments, the pages about one municipality, a goal, and English."""
    urls = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if "<" not in route and getattr(view_of(pattern), "access", None) == "public":
            url = reverse(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            if url not in NOT_CACHEABLE:
                urls.append(url)
    slug = municipality.slug
    urls += [
        f"/gemeenten/{slug}/",
        f"/monitor/{slug}/",
        f"/menukaart/gemeenten/{slug}/agenda.ics",
        f"/api/v1/municipalities/{municipality.cbs_code}",
        "/doelen/3/",
        "/en/",
        "/en/gemeenten/",
        "/gemeenten/?provincie=groningen&pagina=1",
        "/api/v1/municipalities?member=true&pageSize=100",
    ]
    return urls


def own_markers(user) -> list[str]:
    return [user.email, user.full_name, f"/werkruimte/{user.municipality.slug}/"]


def private_markers(user) -> list[str]:
    """What only a logged-in page shows: the logout form with its CSRF token, and who is logged in."""
    return ["csrfmiddlewaretoken", reverse("accounts:logout"), *own_markers(user)]


@pytest.mark.django_db
def test_the_cache_never_shows_a_municipalitys_private_data_to_someone_else(page_cache):
    alpha = UserFactory(coordinator=True, full_name="Alpha Geheim-Persoon")
    beta = UserFactory(coordinator=True, full_name="Beta Ander-Persoon")
    urls = public_urls(alpha.municipality)
    as_alpha, visitor, as_beta = Client(), Client(), Client()
    as_alpha.force_login(alpha)
    as_beta.force_login(beta)
    as_alpha.get("/tijdscapsule/")  # the first visit creates the current capsule (a change: it bumps the versions)

    for url in urls:  # alpha first: nothing alpha sees may be stored
        response = as_alpha.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url
        if response["Content-Type"].startswith("text/html"):
            assert alpha.full_name in response.text or reverse("accounts:logout") in response.text, url
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url

    for url in urls:  # a visitor fills the cache, then is served from it
        first, second = visitor.get(url), visitor.get(url)
        assert first.status_code == second.status_code == 200, url
        assert (first.get("X-Page-Cache"), second.get("X-Page-Cache")) == ("miss", "hit"), url
        assert not second.cookies and second["Cache-Control"] == "public, max-age=60", url
        assert second.content == first.content, url
        for marker in private_markers(alpha):
            assert marker not in second.text, (url, marker)

    for url in urls:  # another municipality: its own page, never alpha's, never the visitor's cached copy
        response = as_beta.get(url)
        assert "X-Page-Cache" not in response, url
        for marker in own_markers(alpha):
            assert marker not in response.text, (url, marker)
        if response["Content-Type"].startswith("text/html"):
            assert reverse("accounts:logout") in response.text, url

    for url in ("/", f"/gemeenten/{alpha.municipality.slug}/"):  # and alpha, after the cache is full, sees alpha's own page
        response = as_alpha.get(url)
        assert "X-Page-Cache" not in response, url
        if response["Content-Type"].startswith("text/html"):
            assert reverse("accounts:logout") in response.text and "csrfmiddlewaretoken" in response.text, url


@pytest.mark.django_db
def test_a_change_invalidates_exactly_the_pages_that_show_it(page_cache):
    alpha, beta = MembershipFactory(intro="Eerste introductie van alfa."), MembershipFactory()
    visitor = Client()
    profile, other, members = f"/gemeenten/{alpha.municipality.slug}/", f"/gemeenten/{beta.municipality.slug}/", "/gemeenten/"
    for url in (profile, other, members, profile, other, members):
        visitor.get(url)
    assert visitor.get(profile)["X-Page-Cache"] == "hit"

    alpha.intro = "Nieuwe introductie van alfa."
    alpha.save()
    response = visitor.get(profile)
    assert response["X-Page-Cache"] == "miss" and "Nieuwe introductie van alfa." in response.text
    assert visitor.get(other)["X-Page-Cache"] == "hit"  # another municipality's page stays cached
    assert visitor.get(members)["X-Page-Cache"] == "miss"  # lists show every municipality

    visitor.get(profile)
    alpha.focus_goals.add(7)  # m2m_changed
    assert visitor.get(profile)["X-Page-Cache"] == "miss"

    visitor.get(other)
    alpha.municipality.display_name = "Alfastad"  # the municipality row itself
    alpha.municipality.save()
    assert "Alfastad" in visitor.get(profile).text
    assert visitor.get(other)["X-Page-Cache"] == "hit"

    alpha.delete()  # post_delete: no longer a member
    assert visitor.get(profile)["X-Page-Cache"] != "hit"


@pytest.mark.django_db
def test_a_change_to_a_row_that_belongs_to_a_municipality_through_another_row_reaches_its_pages():
    from apps.policyscan.models import Scan

    membership = MembershipFactory()
    assert pagecache._municipality_path(Scan) == ("document", "municipality")
    assert pagecache._municipality_path(type(membership)) == ("municipality",)
    names = pagecache.names_for(membership)
    assert f"m:slug:{membership.municipality.slug}" in names and f"m:code:{membership.municipality.cbs_code}" in names
    assert "all" in names and "c:membership" in names and "unscoped" not in names


@pytest.mark.django_db
def test_only_known_and_valid_query_parameters_are_cached(page_cache):
    visitor = Client()
    for url in ("/gemeenten/?doel=3", "/api/v1/targets?goal=3&pageSize=10"):
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit", url
    for url in (
        "/gemeenten/?utm_source=x",  # unknown parameter
        "/gemeenten/?q=utrecht",  # free text
        "/gemeenten/?doel=99",  # value out of range
        "/gemeenten/?doel=3&doel=4",  # repeated
        "/api/v1/targets?goal=3&nonsense=1",
    ):
        visitor.get(url)
        assert "X-Page-Cache" not in visitor.get(url), url


@pytest.mark.django_db
def test_each_language_has_its_own_entry(page_cache):
    visitor = Client()
    for url, kwargs in (("/doelen/", {}), ("/en/doelen/", {}), ("/api/v1/goals", {"HTTP_ACCEPT_LANGUAGE": "en"}), ("/api/v1/goals", {})):
        first, second = visitor.get(url, **kwargs), visitor.get(url, **kwargs)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), (url, kwargs)
        assert second["Content-Language"] == ("en" if "/en/" in url or kwargs else "nl"), (url, kwargs)
    assert '<html lang="en"' in visitor.get("/en/doelen/").text and '<html lang="nl"' in visitor.get("/doelen/").text


@pytest.mark.django_db
def test_requests_with_a_session_or_credentials_bypass_the_cache(page_cache):
    visitor = Client()
    visitor.get("/doelen/")
    assert visitor.get("/doelen/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in Client(HTTP_COOKIE="sessionid=abc").get("/doelen/")
    assert "X-Page-Cache" not in Client().get("/api/v1/goals", HTTP_AUTHORIZATION="Bearer ggg_x")
    assert "X-Page-Cache" not in Client().get("/doelen/", HTTP_HX_REQUEST="true")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/doelen/", "/api/v1/goals"])
def test_pages_and_api_answer_conditional_gets(page_cache, url):
    visitor = Client()
    first = visitor.get(url)
    assert first["ETag"] and first["Last-Modified"]
    for response in (first, visitor.get(url)):
        assert visitor.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert visitor.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db
def test_pages_for_a_logged_in_user_are_private_and_not_stored(page_cache):
    user = UserFactory(coordinator=True)
    client = Client()
    client.force_login(user)
    for url in ("/doelen/", f"/werkruimte/{user.municipality.slug}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_cache_that_is_down_costs_the_cache_not_the_page(page_cache, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(pagecache.cache, name, down)
    response = Client().get("/doelen/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    MembershipFactory()  # saving still works (the bump is logged, not raised)


def test_the_redis_backend_makes_its_client_object_once():
    from apps.core.cache import RedisCache

    client = RedisCache("redis://127.0.0.1:6379/0", {})._cache  # makes no connection yet
    assert client.get_client("a") is client.get_client("b", write=True)


@pytest.mark.django_db
def test_profile_sections_are_cached_per_app_for_visitors_only(settings):
    """apps/core/sections.py: a visitor's second render of a profile reads the sections from the cache;
    a change in one app (a new activity) shows at once; a logged-in user neither reads nor stores them."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.menukaart.models import Activity

    settings.PAGE_CACHE = False  # every request renders: what is left to cache are the sections
    settings.SECTION_CACHE = True
    coordinator = UserFactory(coordinator=True)
    url = f"/gemeenten/{coordinator.municipality.slug}/"
    visitor, logged_in = Client(), Client()
    logged_in.force_login(coordinator)

    def queries(client):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.text

    logged_in.get(url)  # first request of the test: sessions, content types
    first_logged_in, _ = queries(logged_in)
    assert queries(logged_in)[0] == first_logged_in  # nothing cached for a logged-in user
    computed, _ = queries(visitor)  # nothing stored by the logged-in visits either
    cached, _ = queries(visitor)
    assert cached < computed

    Activity.objects.create(municipality=coordinator.municipality, title="Nieuwe buurtactiviteit", status="planned", start_date=dt.date(2026, 5, 1))
    after_change, text = queries(visitor)
    assert "Nieuwe buurtactiviteit" in text
    assert cached < after_change < computed  # only the Menukaart section was computed again


@pytest.mark.django_db
def test_workspace_sections_are_cached_per_municipality_and_follow_its_data(settings):
    """apps/core/sections.py: the budget and monitor sections of the workspace home come from the cache
    on the second visit; a new budget of alpha shows at once; beta's workspace never shows alpha's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.budget.models import Budget

    settings.PAGE_CACHE = False
    settings.SECTION_CACHE = True
    alpha, beta = UserFactory(coordinator=True), UserFactory(coordinator=True)
    as_alpha, as_beta = Client(), Client()
    as_alpha.force_login(alpha)
    as_beta.force_login(beta)
    alpha_home, beta_home = f"/werkruimte/{alpha.municipality.slug}/", f"/werkruimte/{beta.municipality.slug}/"

    def visit(client, url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.text

    visit(as_alpha, alpha_home)  # first request of the test: sessions, content types
    computed, _ = visit(as_beta, beta_home)
    cached, _ = visit(as_beta, beta_home)
    assert cached < computed

    Budget.objects.create(municipality=alpha.municipality, year=2026, version="primitive", total_lasten=123456789)
    _, alpha_text = visit(as_alpha, alpha_home)
    assert "123.456.789" in alpha_text
    _, beta_text = visit(as_beta, beta_home)
    assert "123.456.789" not in beta_text
    assert visit(as_beta, beta_home)[0] == cached  # beta's entries were untouched by alpha's change
