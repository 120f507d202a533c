"""The moderator's success message names the example with its article and says whether the decision
went out by e-mail (issue 24: a message may only say an e-mail was sent when one was)."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from apps.menukaart import services
from tests.factories import UserFactory

from .test_menukaart import TEXT, admin_form_data

pytestmark = pytest.mark.django_db


def moderate(client, example, team):
    client.force_login(team)
    url = reverse("admin:menukaart_practiceexample_change", args=[example.pk])
    form = admin_form_data(client.get(url).content.decode())
    response = client.post(url, {**form, "decision": "changes_requested", "message": "Graag een foto erbij."})
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_moderator_is_told_the_decision_was_mailed(client, django_capture_on_commit_callbacks):
    member = UserFactory(email="lotte@gemeente.example")
    example = services.example_save(municipality=member.municipality, user=member, data={"title": "Klimaatweek", "q_policy": TEXT})
    services.example_submit(municipality=member.municipality, user=member, example=example)
    with django_capture_on_commit_callbacks(execute=True):
        texts = moderate(client, example, UserFactory(team=True, is_superuser=True))
    assert texts[0] == "De beslissing is per e-mail verstuurd aan lotte@gemeente.example."
    assert texts[1].startswith("Het praktijkvoorbeeld “<a href=") and texts[1].endswith(">Klimaatweek</a>” is gewijzigd.")
    assert mail.outbox[-1].to == ["lotte@gemeente.example"]


def test_no_mail_no_claim(client, django_capture_on_commit_callbacks):
    member = UserFactory()
    example = services.example_save(municipality=member.municipality, user=member, data={"title": "Klimaatweek", "q_policy": TEXT})
    services.example_submit(municipality=member.municipality, user=member, example=example)
    member.is_active = False
    member.save()
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        texts = moderate(client, example, UserFactory(team=True, is_superuser=True))
    assert texts[0] == "Er is geen e-mail verstuurd: wie het voorbeeld instuurde, heeft geen account meer."
    assert len(mail.outbox) == sent_before
