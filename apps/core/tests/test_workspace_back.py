"""Every section of a workspace links back to the workspace's dashboard (issue 24: Menukaart,
Tijdscapsule, YoungChallengers and support showed the municipality as plain text)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["menukaart/", "tijdscapsule/", "youngchallengers/", "ondersteuning/", "programmas/", "monitor/", "begroting/", "beleidsscan/", "team/"]


def test_each_section_links_to_the_dashboard_and_the_dashboard_does_not(client):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    municipality = coordinator.municipality
    home = reverse("workspace:home", kwargs={"slug": municipality.slug})
    link = f'<nav class="workspace-back" aria-label="Werkruimte"><a class="utrecht-link" href="{home}"><span aria-hidden="true">←</span> Werkruimte van {municipality.display_name}</a></nav>'
    for section in SECTIONS:
        response = client.get(home + section)
        assert response.status_code == 200, section
        assert link in response.content.decode(), section
    assert 'class="workspace-back"' not in client.get(home).content.decode()
    assert 'class="workspace-back"' not in client.get("/menukaart/").content.decode()
