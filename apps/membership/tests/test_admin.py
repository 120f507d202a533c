import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import Invitation
from apps.membership.models import Application, Membership
from tests.factories import ApplicationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client):
    from apps.accounts.services import user_apply_role

    user = UserFactory(team=True)
    user_apply_role(user=user)
    client.force_login(user)
    client.user = user
    return client


def test_back_office_is_dutch_and_lists_pending_applications(team_client):
    ApplicationFactory(municipality=municipality("GM0599"), status=Application.Status.PENDING)
    response = team_client.get(reverse("admin:membership_application_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aanmeldingen" in body
    assert "Rotterdam" in body
    assert "Goedkeuren" in body


def test_approve_in_back_office(team_client, django_capture_on_commit_callbacks):
    application = ApplicationFactory(municipality=municipality("GM0599"), status=Application.Status.PENDING)
    url = reverse("admin:membership_application_approve", args=[application.pk])
    assert team_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(url, {"message": "Van harte welkom"})
    assert response.status_code == 302
    assert Membership.objects.filter(municipality__cbs_code="GM0599").exists()
    assert Invitation.objects.get().email == application.email
    assert "Van harte welkom" in mail.outbox[-1].body
    history = Application.history.filter(id=application.pk).first()
    assert history.history_user == team_client.user
    assert history.status == "approved"


def test_decline_without_message_is_refused(team_client):
    application = ApplicationFactory(status=Application.Status.PENDING)
    url = reverse("admin:membership_application_decline", args=[application.pk])
    response = team_client.post(url, {"message": ""})
    assert response.status_code == 200
    assert "Schrijf een bericht" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_member_cannot_open_back_office(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:membership_application_changelist"))
    assert response.status_code == 302
