"""The API's list pages built as plain dicts (apps/api/base.py PlainListMixin) answer byte for byte
what the DRF serializers answered before, on the same data."""

import datetime as dt

import pytest

from apps.api.views import ActionFormatViewSet, ActivityViewSet, MunicipalityViewSet
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/municipalities?pageSize=100",
    "/api/v1/municipalities?pageSize=100&page=4",
    "/api/v1/municipalities?current=false&pageSize=100&page=4",  # merged municipalities: validUntil, successor
    "/api/v1/municipalities?member=true&goal=13",
    "/api/v1/municipalities?member=false&province=utrecht&pageSize=5&page=2",
    "/api/v1/action-formats?pageSize=100",
    "/api/v1/action-formats?goal=14",
    "/api/v1/activities?pageSize=100",
    "/api/v1/activities?pageSize=3&page=2",
]


def test_plain_lists_equal_the_serializers_output_byte_for_byte(client, monkeypatch):
    from apps.menukaart.demo import load_demo

    load_demo(password="")
    amersfoort = MembershipFactory(municipality=municipality("GM0307"))
    amersfoort.focus_goals.set([13, 7, 1])
    MembershipFactory(municipality=municipality("GM0344")).focus_goals.set([13])
    MembershipFactory(municipality=municipality("GM0363"))  # a member without focus goals
    from apps.menukaart.models import ActionFormat, Activity

    formats = list(ActionFormat.objects.order_by("slug")[:2])
    for i, (status, action_format) in enumerate(
        [("planned", formats[0]), ("done", None), ("planned", formats[1]), ("idea", None), ("done", formats[0])]
    ):
        activity = Activity.objects.create(
            municipality=amersfoort.municipality,
            action_format=action_format,
            title=f"Activiteit {i} — ‘quoted’ & <b>",
            status=status,
            start_date=dt.date(2026, 3, 1 + i) if i % 2 == 0 else None,
            end_date=dt.date(2026, 4, 1) if i == 2 else None,
            reach=i * 10 if i else None,
        )
        activity.goals.set([(i * 5) % 17 + 1, 3] if i != 1 else [])
    views = (MunicipalityViewSet, ActionFormatViewSet, ActivityViewSet)
    for url in URLS:
        for language in ("nl", "en"):
            plain = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            for view in views:
                monkeypatch.setattr(view, "plain_list", False)
            serialized = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            for view in views:
                monkeypatch.setattr(view, "plain_list", True)
            assert plain.status_code == serialized.status_code == 200, url
            assert plain.json()["results"], url  # the comparison covers rows, not an empty page
            assert plain.content == serialized.content, url
            assert plain["Link"] == serialized["Link"]
    members = client.get("/api/v1/municipalities?member=true&goal=13").json()["results"]
    assert {m["cbsCode"]: m["focusGoals"] for m in members} == {"GM0307": [1, 7, 13], "GM0344": [13]}
