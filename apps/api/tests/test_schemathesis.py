"""Property-based test of the API against its own OpenAPI document (schemathesis, in-process over
WSGI on loopback): for every operation, generated requests never give a 5xx, and every response
(status, content type, headers, body) matches what the document says.

Schemathesis's own pytest plugin does not support pytest 9 yet, so the operations are walked here
and each is driven by Hypothesis with the strategy schemathesis derives from the document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

EXAMPLES_PER_OPERATION = 25

pytestmark = pytest.mark.django_db


def check_operation(operation, calls: dict) -> None:
    label = operation.label

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    def check(case):
        response = case.call()
        case.validate_response(response)
        calls[label] = calls.get(label, 0) + 1

    check()


def test_api_matches_its_openapi_document():
    from django.core.cache import cache

    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    calls = {}
    for operation in operations:
        cache.clear()  # a fresh rate-limit window per operation
        check_operation(operation, calls)
    assert all(count >= 1 for count in calls.values()) and len(calls) == len(operations)
    print(dict(sorted(calls.items())))  # noqa: T201 - the figures, with -s
