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


def test_approval_carries_the_role_and_says_goedgekeurd(team_client, client, django_capture_on_commit_callbacks):
    from django.contrib.messages import get_messages

    application = ApplicationFactory(
        municipality=municipality("GM0599"), status=Application.Status.PENDING, contact_role="Beleidsadviseur duurzaamheid"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(reverse("admin:membership_application_approve", args=[application.pk]), {"message": ""})
    invitation = Invitation.objects.get()
    assert invitation.job_title == "Beleidsadviseur duurzaamheid"
    sent = mail.outbox[-1]
    assert sent.subject == "De aanmelding van Rotterdam is goedgekeurd"
    assert "is goedgekeurd" in sent.body and "Beleidsadviseur duurzaamheid" in sent.body
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Rotterdam is nu een Global Goals gemeente; {application.email} is per e-mail uitgenodigd als coördinator."
    ]
    link = next(word for word in sent.body.split() if "/account/" in word)
    page = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True).content.decode()
    assert 'value="Beleidsadviseur duurzaamheid"' in page


def test_approval_for_an_existing_account_says_which_mail_went_out(team_client, django_capture_on_commit_callbacks):
    from django.contrib.messages import get_messages

    existing = UserFactory(email="bestaand@rotterdam.example")
    application = ApplicationFactory(municipality=municipality("GM0599"), status=Application.Status.PENDING, email=existing.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(reverse("admin:membership_application_approve", args=[application.pk]), {"message": ""})
    assert not Invitation.objects.exists()
    assert mail.outbox[-1].subject == "De aanmelding van Rotterdam is goedgekeurd"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Rotterdam is nu een Global Goals gemeente; bestaand@rotterdam.example heeft al een account en is per e-mail op de hoogte gebracht."
    ]
