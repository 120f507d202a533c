"""The NL API Design Rules that the official Spectral ruleset cannot see in the document: how the
running API answers (root without trailing slash, API-Version on every response, problem+json on
every error, the OpenAPI document readable cross-origin, the documentation page linking it all).
The document itself is linted by scripts/lint_openapi.sh (in make test and .ci/run)."""

import pytest
from django.conf import settings
from django.urls import reverse

from apps.api.services import api_key_create
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_the_root_answers_without_trailing_slash_and_with_one_is_a_404_not_a_redirect(client):
    """ADR /core/no-trailing-slash: 'When requesting a resource including a trailing slash, this MUST
    result in a 404 (not found) error response and not a redirect.'"""
    root = client.get("/api/v1")
    assert root.status_code == 200 and "municipalities" in root.json()["_links"]
    for url in ("/api/v1/", "/api/v1/goals/", "/api/v1/goals/13/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM, url
        assert "Location" not in response, url


def test_every_response_carries_the_api_version_header(client):
    key_owner = MembershipFactory().municipality
    _key, raw = api_key_create(municipality=key_owner, name="test")
    responses = {
        "root": client.get("/api/v1"),
        "collection": client.get("/api/v1/goals"),
        "item": client.get("/api/v1/goals/13"),
        "document": client.get("/api/v1/openapi.json"),
        "yaml": client.get("/api/v1/openapi.yaml"),
        "head": client.head("/api/v1/goals"),
        "options": client.options("/api/v1/goals"),
        "400": client.get("/api/v1/goals?colour=red"),
        "401": client.post("/api/v1/activities", {}, content_type="application/json", HTTP_AUTHORIZATION="Bearer ggg_wrong_key"),
        "404": client.get("/api/v1/nothing-here"),
        "405": client.put("/api/v1/goals/13", {}, content_type="application/json"),
        "415": client.post("/api/v1/activities", "x", content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {raw}"),
    }
    for name, response in responses.items():
        assert response["API-Version"] == settings.API_VERSION, name
    for name in ("400", "401", "404", "405", "415"):
        assert responses[name].status_code == int(name), (name, responses[name].status_code)
        assert responses[name]["Content-Type"] == PROBLEM, name
        body = responses[name].json()
        assert body["status"] == int(name) and body["title"], name


def test_the_openapi_document_is_readable_cross_origin(client):
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://developer.overheid.nl")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/openapi.json", HTTP_ORIGIN="https://developer.overheid.nl", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200 and preflight["Access-Control-Allow-Origin"] == "*"


def test_the_documentation_page_links_the_root_and_the_document(client):
    body = client.get(reverse("api_docs")).content.decode()
    assert 'href="/api/v1"' in body
    assert 'href="/api/v1/openapi.json"' in body and 'href="/api/v1/openapi.yaml"' in body


def test_the_document_names_a_full_contact_and_a_versioned_server(client):
    document = client.get("/api/v1/openapi.json").json()
    contact = document["info"]["contact"]
    assert contact["name"] and "@" in contact["email"] and contact["url"].startswith(settings.SITE_URL.rstrip("/"))
    assert document["servers"] == [{"url": settings.SITE_URL.rstrip("/") + "/api/v1", "description": "This platform"}]
    session = document["components"]["schemas"]["Session"]["properties"]
    assert session["startTime"]["format"] == "time-local" and session["start"]["format"] == "date-time"
