"""The public pages run a fixed number of database queries, however many members there are.

The member list shows 60 members per page, so 60 members is the most rows one page renders: a query
per row (N+1) would show up as 50 extra queries. bench/run.py reports the same counts at 10 and 340
members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.goals.models import Goal
from apps.membership.models import Membership
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_fragment_cache(settings):
    """Count the queries of a full render: the fragment cache would hide an N+1."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


PAGES = ["/", "/gemeenten/", "/gemeenten/utrecht/", "/kaart/"]


def add_members(total: int) -> None:
    """Members up to ``total``, Utrecht first; each with zero to three focus goals."""
    goals = list(Goal.objects.order_by("number"))
    if not Membership.objects.exists():
        MembershipFactory(municipality=municipality("GM0344")).focus_goals.set(goals[:2])
    for index in range(Membership.objects.count(), total):
        MembershipFactory().focus_goals.set(goals[index % 17 : index % 17 + index % 4])
    assert Membership.objects.count() == total


def count_queries(client, url: str) -> int:
    client.get(url)  # the first request may fill per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_members(client, url, django_assert_num_queries):
    add_members(10)
    with_10 = count_queries(client, url)
    add_members(60)
    client.get(url)
    with django_assert_num_queries(with_10):  # on failure, pytest-django lists the queries
        response = client.get(url)
    assert response.status_code == 200


def test_member_list_renders_all_60_members(client):
    add_members(60)
    body = client.get("/gemeenten/").content.decode()
    assert body.count('scope="row"') == 60
