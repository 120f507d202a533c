import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.api import services
from apps.api.models import ApiKey
from apps.goals.models import Goal
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    return body


def test_root_links_to_collections_and_the_openapi_document(client):
    response = client.get("/api/v1")
    assert response.status_code == 200
    links = response.json()["_links"]
    assert links["openapi"]["href"].endswith("/api/v1/openapi.json")
    assert links["municipalities"]["href"].endswith("/api/v1/municipalities")
    for collection in ("programmes", "budgets", "time-capsule-counts", "action-formats"):  # collections other apps register
        assert client.get(links[collection]["href"]).status_code == 200, collection
    assert response["API-Version"] == "1.0.0"


def test_goals_and_targets_in_both_languages(client):
    goal = client.get("/api/v1/goals/13").json()
    assert goal["number"] == 13 and goal["colour"].startswith("#")
    assert goal["titleShort"] == {"nl": Goal.objects.get(pk=13).title_short_nl, "en": "Climate action"}
    targets = client.get("/api/v1/targets?goal=13&pageSize=100").json()
    assert targets["count"] == 5
    assert [t["code"] for t in targets["results"]] == ["13.1", "13.2", "13.3", "13.a", "13.b"]
    assert client.get("/api/v1/targets/13.a").json()["goal"] == 13


def test_municipalities_filters_and_membership(client):
    amersfoort = MembershipFactory(municipality=municipality("GM0307"))
    amersfoort.focus_goals.set([7, 13])
    MembershipFactory(municipality=municipality("GM0344"))
    body = client.get("/api/v1/municipalities?member=true&province=utrecht&goal=13").json()
    assert [m["cbsCode"] for m in body["results"]] == ["GM0307"]
    item = body["results"][0]
    assert item["isMember"] is True and item["focusGoals"] == [7, 13] and item["name"] == "Amersfoort"
    assert item["profileUrl"].endswith("/gemeenten/amersfoort/")
    assert client.get("/api/v1/municipalities").json()["count"] == 342
    merged = client.get("/api/v1/municipalities/GM0457").json()  # Weesp, merged into Amsterdam in 2022
    assert merged["validUntil"] == "2022-03-23" and merged["successor"] == "GM0363"


def test_pagination_links_and_header(client):
    body = client.get("/api/v1/municipalities?pageSize=50&page=2").json()
    assert body["page"] == 2 and body["pageSize"] == 50 and len(body["results"]) == 50
    assert set(body["_links"]) == {"self", "first", "prev", "next", "last"}
    assert "page=7" in body["_links"]["last"]["href"]
    response = client.get("/api/v1/municipalities?pageSize=50&page=2")
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]


@pytest.mark.parametrize(
    ("url", "status", "param"),
    [
        ("/api/v1/municipalities?pageSize=1000000", 400, "pageSize"),
        ("/api/v1/municipalities?pageSize=0", 400, "pageSize"),
        ("/api/v1/municipalities?provincie=utrecht", 400, "provincie"),
        ("/api/v1/municipalities?province=atlantis", 400, "province"),
        ("/api/v1/municipalities?member=yes", 400, "member"),
        ("/api/v1/targets?goal=18", 400, "goal"),
        ("/api/v1/municipalities?page=999", 404, None),
        ("/api/v1/municipalities/GM9999", 404, None),
        ("/api/v1/nothing-here", 404, None),
        ("/api/v1/goals/99", 404, None),
    ],
)
def test_errors_are_problem_json(client, url, status, param):
    body = problem(client.get(url), status)
    if param:
        assert [p["name"] for p in body["invalidParams"]] == [param]
        assert body["invalidParams"][0]["reason"]


def test_methods_and_content_types_are_problem_json(client):
    problem(client.post("/api/v1/goals", data="{}", content_type="application/json"), 405)
    problem(client.delete("/api/v1/goals/1"), 405)


def test_a_body_of_10_mb_is_refused_with_413(client):
    """On an endpoint that accepts writes, with a valid key: the size alone refuses the request."""
    utrecht = MembershipFactory(municipality=municipality("GM0344")).municipality
    _key, raw = services.api_key_create(municipality=utrecht, name="groot")
    body = b'{"x": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    response = client.generic("POST", "/api/v1/activities", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    problem(response, 413)
    assert str(1024 * 1024) in response.json()["detail"]
    assert client.post("/api/v1/activities", data="{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 400


def test_errors_are_translated(client):
    response = client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Not found"
    response = client.get("/api/v1/nothing", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.json()["title"] == "Niet gevonden"


def test_cors_allows_public_reads_from_anywhere(client):
    response = client.get("/api/v1/goals", HTTP_ORIGIN="https://dashboard.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "API-Version" in response["Access-Control-Expose-Headers"]


def test_keys_are_hashed_scoped_and_revoked_at_once(client):
    utrecht = MembershipFactory(municipality=municipality("GM0344")).municipality
    key, raw = services.api_key_create(municipality=utrecht, name="BI-koppeling")
    assert raw.startswith(f"ggg_{key.prefix}_")
    assert raw.split("_", 2)[2] not in key.key_hash and len(key.key_hash) == 64
    assert services.api_key_check(raw) == key
    assert client.get("/api/v1/goals/1", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert client.get("/api/v1/goals/1", HTTP_X_API_KEY=raw).status_code == 200
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    problem(client.get("/api/v1/goals/1", HTTP_AUTHORIZATION=f"Bearer {tampered}"), 401)
    services.api_key_revoke(key=key, municipality=utrecht)
    assert services.api_key_check(raw) is None
    body = problem(client.get("/api/v1/goals/1", HTTP_AUTHORIZATION=f"Bearer {raw}"), 401)
    assert "revoked" in body["detail"] or "ingetrokken" in body["detail"]


def test_a_key_of_another_municipality_cannot_be_revoked():
    key, _raw = services.api_key_create(municipality=MembershipFactory().municipality, name="x")
    from apps.core.exceptions import ServiceError

    with pytest.raises(ServiceError):
        services.api_key_revoke(key=key, municipality=MembershipFactory().municipality)


def test_rate_limit_gives_429_with_retry_after(client):
    from apps.api.base import PublicReadThrottle

    original = PublicReadThrottle.THROTTLE_RATES
    rates = {**original, "public": "3/minute"}
    cache.clear()
    PublicReadThrottle.THROTTLE_RATES = rates
    try:
        statuses = [client.get("/api/v1/goals").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = client.get("/api/v1/goals")
        problem(response, 429)
        assert int(response["Retry-After"]) > 0
    finally:
        PublicReadThrottle.THROTTLE_RATES = original
        cache.clear()


def test_queries_per_list_page_are_constant(client, django_assert_max_num_queries):
    for _ in range(5):
        MembershipFactory().focus_goals.set([1, 2])
    with django_assert_max_num_queries(4):
        client.get("/api/v1/municipalities?member=true&pageSize=100")
    for _ in range(30):
        MembershipFactory().focus_goals.set([3])
    with django_assert_max_num_queries(4):
        client.get("/api/v1/municipalities?member=true&pageSize=100")


def test_coordinator_makes_sees_once_and_revokes_a_key(client):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    slug = coordinator.municipality.slug
    url = reverse("api_workspace:keys", kwargs={"slug": slug})
    problem_page = client.post(url, {"name": "  "})
    assert problem_page.status_code == 200
    assert "Geef de sleutel" in problem_page.content.decode()
    assert not ApiKey.objects.filter(municipality=coordinator.municipality).exists()
    response = client.post(url, {"name": "Koppeling monitor"}, follow=True)
    body = response.content.decode()
    key = ApiKey.objects.get(municipality=coordinator.municipality)
    raw = body.split('id="new-key">', 1)[1].split("<", 1)[0]
    assert services.api_key_check(raw) == key
    assert 'id="new-key"' not in client.get(url).content.decode()  # shown once
    revoked = client.post(reverse("api_workspace:revoke", kwargs={"slug": slug, "pk": key.pk}))
    assert revoked.status_code == 302 and revoked["Location"] == url
    assert services.api_key_check(raw) is None


def test_members_cannot_manage_keys(client):
    member = UserFactory()
    client.force_login(member)
    assert client.get(reverse("api_workspace:keys", kwargs={"slug": member.municipality.slug})).status_code == 403


def test_docs_page_lists_every_operation_in_both_languages(client):
    body = client.get(reverse("api_docs")).content.decode()
    assert "GET /api/v1/municipalities" in body and "GET /api/v1/targets/{code}" in body
    assert "Open API" in body
    english = client.get("/en" + reverse("api_docs")).content.decode()
    assert "How it works" in english


def test_menukaart_collections(client):
    from apps.menukaart.demo import load_demo
    from apps.menukaart.models import Activity

    load_demo(password="")
    formats = client.get("/api/v1/action-formats?goal=14").json()
    assert formats["count"] >= 1 and all(14 in f["goals"] for f in formats["results"])
    assert formats["results"][0]["title"]["en"]
    detail = client.get("/api/v1/action-formats/repair-cafe").json()
    assert detail["slug"] == "repair-cafe" and detail["url"].endswith("/menukaart/repair-cafe/")
    activities = client.get("/api/v1/activities?pageSize=100").json()
    assert activities["count"] == Activity.objects.filter(status__in=["planned", "done"]).count()
    assert {a["status"] for a in activities["results"]} <= {"planned", "done"}
    examples = client.get("/api/v1/practice-examples").json()
    assert all(e["actionFormat"] for e in examples["results"])
    problem(client.get("/api/v1/activities?goal=0"), 400)


def test_a_key_writes_only_its_own_municipality_s_activities(client):
    from apps.menukaart.models import Activity

    utrecht = MembershipFactory(municipality=municipality("GM0344")).municipality
    amersfoort = MembershipFactory(municipality=municipality("GM0307")).municipality
    _key, raw = services.api_key_create(municipality=utrecht, name="Koppeling")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"title": "Global Goals-markt", "status": "planned", "startDate": "2027-06-12", "goals": [11, 12]}
    problem(client.post("/api/v1/activities", body, content_type="application/json"), 401)
    response = client.post("/api/v1/activities", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    created = Activity.objects.get(pk=response.json()["id"])
    assert created.municipality == utrecht and sorted(g.number for g in created.goals.all()) == [11, 12]
    assert response.json()["municipality"] == "GM0344"

    theirs = Activity.objects.create(municipality=amersfoort, title="Van Amersfoort", status="planned")
    problem(client.patch(f"/api/v1/activities/{theirs.pk}", {"title": "Overgenomen"}, content_type="application/json", **auth), 403)
    theirs.refresh_from_db()
    assert theirs.title == "Van Amersfoort"
    changed = client.patch(f"/api/v1/activities/{created.pk}", {"status": "cancelled"}, content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["status"] == "cancelled"

    bad = problem(client.post("/api/v1/activities", {"title": "x", "startDate": "2027-05-02", "endDate": "2027-05-01"}, content_type="application/json", **auth), 400)
    assert bad["invalidParams"][0]["reason"]
    problem(client.post("/api/v1/activities", {"title": "x", "goals": [18]}, content_type="application/json", **auth), 400)
    problem(client.post("/api/v1/activities", "title=x", content_type="application/x-www-form-urlencoded", **auth), 415)
    problem(client.put(f"/api/v1/activities/{created.pk}", body, content_type="application/json", **auth), 405)
    huge = '{"title": "' + "a" * (2 * 1024 * 1024) + '"}'
    problem(client.generic("POST", "/api/v1/activities", huge, content_type="application/json", **auth), 413)


def test_an_expired_key_is_refused_and_shown_as_expired(client, settings):
    import datetime as dt

    from django.utils import timezone

    coordinator = UserFactory(coordinator=True)
    key, raw = services.api_key_create(municipality=coordinator.municipality, name="Koppeling")
    assert key.expires_at > timezone.now() + dt.timedelta(days=settings.API_KEY_VALID_DAYS - 1)
    payload = {"title": "Via de koppeling", "status": "planned"}
    assert client.post("/api/v1/activities", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 201
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.api_key_check(raw) is None
    body = problem(client.post("/api/v1/activities", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"), 401)
    assert "expired" in body["detail"] or "verlopen" in body["detail"]
    client.force_login(coordinator)
    page = client.get("/en" + reverse("api_workspace:keys", kwargs={"slug": coordinator.municipality.slug})).content.decode()
    assert "expired on" in page and "Revoke" not in page


def test_with_https_required_the_api_refuses_plain_http_and_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    body = problem(client.get("/api/v1/goals"), 403)
    assert "HTTPS" in body["detail"]
    assert client.get("/api/v1/goals", secure=True).status_code == 200
    assert client.get("/").status_code == 301  # the rest of the site is redirected to https


@pytest.mark.parametrize("url", ["/api/v1/action-formats?pageSize=100", "/api/v1/activities?pageSize=100", "/api/v1/practice-examples?pageSize=100"])
def test_menukaart_list_queries_do_not_grow(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.menukaart.models import ActionFormat, Activity, Category, PracticeExample

    category = Category.objects.create(slug="q", name_nl="Q", name_en="Q")
    home = MembershipFactory().municipality

    def grow(n, offset):
        for i in range(offset, offset + n):
            f = ActionFormat.objects.create(slug=f"f{i}", category=category, title_nl=f"F{i}", title_en="F", summary_nl="s", summary_en="s", audience="residents", effort="low", cost="none")
            f.goals.set([1 + i % 17, 1 + (i + 3) % 17])
            a = Activity.objects.create(municipality=home, action_format=f, title=f"A{i}", status="planned")
            a.goals.set([1 + i % 17])
            e = PracticeExample.objects.create(municipality=home, title=f"E{i}", status="published", action_format=f, version=1)
            e.goals.set([2])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(2, 0)
    small = count()
    grow(40, 2)
    assert count() == small
