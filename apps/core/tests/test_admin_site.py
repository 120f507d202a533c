"""The back office has no navigation sidebar, and its pages do not build the app list for it
(~130 reverse() per request, bench/README.md); the index still lists every app."""

from unittest import mock

import pytest
from django.contrib.admin import AdminSite

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client):
    client.force_login(UserFactory(team=True, is_superuser=True))
    return client


def test_a_changelist_has_no_sidebar_and_builds_no_app_list(team_client):
    with mock.patch.object(AdminSite, "_build_app_dict", autospec=True, side_effect=AdminSite._build_app_dict) as build:
        response = team_client.get("/backoffice/knowledge/topic/")
    assert response.status_code == 200
    assert b'id="nav-sidebar"' not in response.content
    assert b"nav_sidebar" not in response.content
    assert build.call_count == 0


def test_the_index_still_lists_the_apps_with_their_names(team_client):
    response = team_client.get("/backoffice/")
    assert response.status_code == 200
    assert b'href="/backoffice/knowledge/topic/"' in response.content
    assert b'href="/backoffice/accounts/user/add/"' in response.content
    assert len(response.context["app_list"]) > 5
