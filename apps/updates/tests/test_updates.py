import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import Role
from apps.updates import services
from apps.updates.models import Audience, Delivery, OptOut, Update
from apps.youngchallengers.models import YoungChallenger
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def update(audience=Audience.COORDINATORS):
    return Update.objects.create(subject="Nieuws van de campagne", body="Beste collega,\n\nEr is nieuws.", audience=audience)


def test_each_coordinator_gets_exactly_one_email_even_if_sent_twice(django_capture_on_commit_callbacks):
    coordinators = [UserFactory(coordinator=True) for _ in range(5)]
    UserFactory()  # a member: not in this group
    UserFactory(coordinator=True, is_active=False)
    message = update()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.update_send(update=message) is True
        assert services.update_send(update=message) is False  # a double click
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in coordinators)
    message.refresh_from_db()
    assert message.status == Update.Status.SENT and message.sent_at
    assert Delivery.objects.filter(update=message).count() == 5
    services.update_deliver(update_id=message.pk)  # the task run again (e.g. after a worker restart)
    Update.objects.filter(pk=message.pk).update(status=Update.Status.SENDING)
    services.update_deliver(update_id=message.pk)
    assert len(mail.outbox) == 5


def test_unsubscribe_without_login_and_never_again(client, django_capture_on_commit_callbacks):
    person = UserFactory(coordinator=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_send(update=update())
    letter = mail.outbox[0]
    link = re.search(r"https?://\S+/updates/afmelden/(\S+)/", letter.body)
    assert link and letter.extra_headers["List-Unsubscribe"].startswith("<http")
    url = reverse("updates:unsubscribe", kwargs={"token": link.group(1)})
    page = client.get(url)
    assert page.status_code == 200 and person.email in page.content.decode()
    assert client.post(url).status_code == 200
    assert OptOut.objects.filter(email=person.email.lower()).exists()
    assert services.recipients(Audience.COORDINATORS) == []


def test_a_tampered_unsubscribe_link_is_refused_clearly(client):
    token = services.unsubscribe_token("someone@example.org")
    response = client.get(reverse("updates:unsubscribe", kwargs={"token": token[:-3] + "abc"}))
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "niet geldig" in response.content.decode()
    assert client.post(reverse("updates:unsubscribe", kwargs={"token": "x" + token})).status_code == 400
    assert not OptOut.objects.exists()


def test_groups():
    coordinator = UserFactory(coordinator=True)
    member = UserFactory(role=Role.MEMBER)
    young = UserFactory(role=Role.MEMBER)
    YoungChallenger.objects.create(user=young, municipality=young.municipality)
    UserFactory(team=True)
    assert {r[0] for r in services.recipients(Audience.COORDINATORS)} == {coordinator.email}
    assert {r[0] for r in services.recipients(Audience.MEMBERS)} == {coordinator.email, member.email, young.email}
    assert {r[0] for r in services.recipients(Audience.YOUNG_CHALLENGERS)} == {young.email}


def test_back_office_sends_from_an_action(client, django_capture_on_commit_callbacks):
    MembershipFactory()
    UserFactory(coordinator=True)
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    message = update()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:updates_update_changelist"), {"action": "send", "_selected_action": [message.pk]})
    assert len(mail.outbox) == 1
    assert client.get(reverse("admin:updates_update_changelist")).status_code == 200
