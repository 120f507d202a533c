"""Property-based test of the API against its own OpenAPI document (schemathesis, in-process over
WSGI on loopback): for every operation, generated requests never give a 5xx, and every response
(status, content type, headers, body) matches what the document says.

Schemathesis's own pytest plugin does not support pytest 9 yet, so the operations are walked here
and each is driven by Hypothesis with the strategy schemathesis derives from the document."""

import pytest
import schemathesis
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from apps.api.services import api_key_create
from tests.factories import MembershipFactory

EXAMPLES_PER_OPERATION = 25

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI application, called directly, closes "old" database connections at the start and end of
    every request (as in production). Inside a test's transaction that would close the test's own
    connection on PostgreSQL, rolling back its data; Django's test client disconnects the same handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check_operation(operation, calls: dict, headers: dict) -> None:
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    label = operation.label
    # A write that fits the document can still break a rule the document cannot express (an unknown
    # action format, an end date before the start): that is a 400 problem, not a schema violation.
    excluded = [positive_data_acceptance] if headers else []

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, headers=headers, excluded_checks=excluded)
        calls[label] = calls.get(label, 0) + 1

    check()


def test_api_matches_its_openapi_document():
    from django.core.cache import cache

    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    # writes are generated with a real key, so their success responses are checked too, not only the 401
    _key, raw = api_key_create(municipality=MembershipFactory().municipality, name="schemathesis")
    calls = {}
    for operation in operations:
        cache.clear()  # a fresh rate-limit window per operation
        writes = operation.method.upper() in ("POST", "PATCH", "PUT", "DELETE")
        check_operation(operation, calls, {"Authorization": f"Bearer {raw}"} if writes else {})
    assert all(count >= 1 for count in calls.values()) and len(calls) == len(operations)
    print(dict(sorted(calls.items())))  # noqa: T201 - the figures, with -s


def test_the_openapi_document_is_valid_openapi_3_with_plural_versioned_paths(client):
    import re

    import yaml

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI meta-schema; raises on an invalid document
    assert yaml.safe_load(client.get("/api/v1/openapi.yaml").content) == document  # one source, two notations
    # Paths are relative to the one server URL, which carries the major version (ADR /core/uri-version).
    assert [server["url"] for server in document["servers"]] == [settings.SITE_URL.rstrip("/") + "/api/v1"]
    for path in document["paths"]:
        if path == "/":  # the root, linking the collections
            continue
        assert not path.endswith("/"), path
        collection = re.match(r"/([a-z-]+)", path).group(1)
        assert collection.endswith("s"), f"{path}: resource names are plural (API-54)"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "403", "404", "429", "500"):
                response = operation["responses"][code]
                assert "application/problem+json" in response["content"], (method, path, code)
            assert all("API-Version" in r["headers"] for r in operation["responses"].values()), (method, path)
