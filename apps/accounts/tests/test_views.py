import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import Invitation, Role, User
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db


def test_login_is_rate_limited(client):
    user = UserFactory(email="lotte@example.org")
    url = reverse("accounts:login")
    for _ in range(5):
        response = client.post(url, {"username": "lotte@example.org", "password": "fout"})
    assert response.status_code in (200, 429)
    response = client.post(url, {"username": "lotte@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.pk


def test_wrong_password_message_is_clear(client):
    UserFactory(email="lotte@example.org")
    response = client.post(reverse("accounts:login"), {"username": "lotte@example.org", "password": "fout"})
    assert response.status_code == 200
    assert "komen niet overeen" in response.content.decode()


def test_login_sends_user_to_their_workspace(client):
    user = UserFactory(email="lotte@example.org")
    response = client.post(reverse("accounts:login"), {"username": "LOTTE@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == reverse("workspace:home", kwargs={"slug": user.municipality.slug})


def test_password_reset_mail_goes_through_the_task_queue(client, django_capture_on_commit_callbacks):
    UserFactory(email="lotte@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "lotte@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "nieuw-wachtwoord-2030", "new_password2": "nieuw-wachtwoord-2030"})
    assert response.status_code == 302
    assert User.objects.get(email="lotte@example.org").check_password("nieuw-wachtwoord-2030")


def test_invitation_page_creates_account_and_logs_in(client):
    _, token = services.invitation_create(email="nieuw@utrecht.example", role=Role.MEMBER, municipality=municipality("GM0344"))
    url = reverse("accounts:invitation", kwargs={"token": token})
    assert "Utrecht" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Nieuw Lid", "password1": "kort", "password2": "kort"})
    assert response.status_code == 200
    assert "te kort" in response.content.decode()  # our own message (apps/accounts/validators.py)
    assert not User.objects.filter(email="nieuw@utrecht.example").exists()
    response = client.post(url, {"full_name": "Nieuw Lid", "password1": "een-lang-wachtwoord", "password2": "een-lang-wachtwoord"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    response = client.get(url)
    assert response.status_code == 400
    assert "al gebruikt" in response.content.decode()


def test_expired_invitation_page(client):
    invitation, token = services.invitation_create(email="nieuw@utrecht.example", role=Role.MEMBER, municipality=municipality("GM0344"))
    from django.utils import timezone

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    response = client.get("/en" + reverse("accounts:invitation", kwargs={"token": token}))
    assert "expired" in response.content.decode()


def test_coordinator_invites_changes_role_and_removes(client, django_capture_on_commit_callbacks):
    coordinator = UserFactory(coordinator=True)
    colleague = UserFactory(municipality=coordinator.municipality, full_name="Kees Collega")
    client.force_login(coordinator)
    slug = coordinator.municipality.slug
    people = reverse("workspace:people", kwargs={"slug": slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(people, {"email": "nieuw@example.org", "role": "member"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nieuw@example.org"]
    response = client.post(people, {"email": colleague.email, "role": "member"})
    assert "heeft al een account" in response.content.decode()
    client.post(reverse("workspace:person_role", kwargs={"slug": slug, "pk": colleague.pk}), {"role": "coordinator"})
    assert User.objects.get(pk=colleague.pk).role == Role.COORDINATOR
    client.post(reverse("workspace:person_remove", kwargs={"slug": slug, "pk": colleague.pk}))
    assert not User.objects.get(pk=colleague.pk).is_active
    invitation = Invitation.objects.get(email="nieuw@example.org")
    client.post(reverse("workspace:invitation_revoke", kwargs={"slug": slug, "pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_an_invitation_made_in_the_back_office_says_its_mail_is_on_the_way(client, django_capture_on_commit_callbacks):
    from django.contrib.messages import get_messages

    client.force_login(UserFactory(team=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/backoffice/accounts/invitation/add/", {"email": "nieuw@example.org", "full_name": "Nieuw", "job_title": "Adviseur", "role": "coach"}
        )
    assert Invitation.objects.get().job_title == "Adviseur"
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == "De uitnodigingsmail aan nieuw@example.org wordt verstuurd."
    assert texts[1].startswith("De uitnodiging “<a href=")
    assert mail.outbox[-1].to == ["nieuw@example.org"]
