"""The back office opens on the campaign team's to-do list, with counts and links."""

import pytest
from django.urls import reverse

from apps.menukaart.models import AwardRound, PracticeExample
from apps.support import services as support
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_back_office_home_lists_what_waits_for_the_team(client):
    member = UserFactory()
    ApplicationFactory(status="pending")
    PracticeExample.objects.create(municipality=member.municipality, title="Week", status="submitted", version=1)
    support.request_create(municipality=member.municipality, user=member, category="other", subject="Vraag", body="b")
    AwardRound.objects.create(year=2030, entries_open=False)
    client.force_login(UserFactory(team=True, is_superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    todo = body[body.index('id="team-todo"') : body.index("</table>", body.index('id="team-todo"'))]
    assert "Aanmeldingen om over te beslissen" in todo and "status__exact=pending" in todo
    assert "Praktijkvoorbeelden om te modereren" in todo and reverse("admin:menukaart_practiceexample_changelist") in todo
    assert "Ondersteuningsvragen die op het team wachten" in todo
    assert reverse("menukaart:jury_round", kwargs={"year": 2030}) in todo
    assert todo.count("<strong>1</strong>") >= 3


def test_the_login_attempt_labels_are_dutch(client):
    client.force_login(UserFactory(team=True, is_superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    assert "Inlogpogingen" in body and "Access attempts" not in body
