"""A new member's first steps tick off as they are done; the workspace signals what needs attention;
a YoungChallenger's invitation says so and lands on the profile set-up."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.menukaart.models import Activity, PracticeExample
from apps.support import services as support
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_first_steps_tick_off_and_attention_is_signalled(client):
    coordinator = UserFactory(coordinator=True)
    municipality = coordinator.municipality
    client.force_login(coordinator)
    home = reverse("workspace:home", kwargs={"slug": municipality.slug})
    body = client.get(home).content.decode()
    assert "Eerste stappen" in body and "0 van 5 gedaan" in body and "Vraagt uw aandacht" not in body
    municipality.membership.intro = "Wij doen mee."
    municipality.membership.save()
    Activity.objects.create(municipality=municipality, title="Markt")
    client.post(reverse("workspace:first_step_done", kwargs={"slug": municipality.slug, "key": "logo"}))
    client.post(reverse("workspace:first_step_done", kwargs={"slug": municipality.slug, "key": "onzin"}))  # refused, no error page
    body = client.get(home).content.decode()
    assert "3 van 5 gedaan" in body and "<s>Download uw Global Goals-logo</s>" in body
    PracticeExample.objects.create(municipality=municipality, title="Week", status="changes_requested", version=1)
    request, _created = support.request_create(municipality=municipality, user=coordinator, category="other", subject="Logo", body="b")
    support.message_add(support_request=request, author=UserFactory(team=True), body="Antwoord", from_team=True)
    body = client.get(home).content.decode()
    assert "Vraagt uw aandacht" in body and "“Week”" in body and "Er wacht een antwoord op u: Logo" in body


def test_a_young_challenger_s_invitation_says_so_and_lands_on_the_profile(client, django_capture_on_commit_callbacks):
    from apps.youngchallengers import services

    coordinator = UserFactory(coordinator=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.nominate(coordinator=coordinator, municipality=coordinator.municipality, email="jong@gemeente.example", full_name="Jong Talent")
    letter = next(m for m in mail.outbox if "jong@gemeente.example" in m.to)
    assert "YoungChallenger" in letter.subject and "YoungChallenger" in letter.body and "gemeentemedewerker" not in letter.body
    path = re.search(r"(/account/uitnodiging/[^/\s]+/)", letter.body).group(1)
    response = client.post(path, {"full_name": "Jong Talent", "job_title": "Trainee", "password1": "een-lang-wachtwoord-2030", "password2": "een-lang-wachtwoord-2030"})
    assert response.status_code == 302 and response["Location"] == reverse("youngchallengers:profile_edit")


def test_the_application_page_the_team_s_e_mail_links_to_carries_the_decision(client):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status="pending")
    client.force_login(UserFactory(team=True, is_superuser=True))
    body = client.get(reverse("admin:membership_application_change", args=[application.pk])).content.decode()
    assert reverse("admin:membership_application_approve", args=[application.pk]) in body
    assert reverse("admin:membership_application_decline", args=[application.pk]) in body


def test_the_coordinator_s_own_invitation_does_not_tick_invite_colleagues():
    from django.utils import timezone

    from apps.accounts.models import Invitation
    from apps.membership.selectors import first_steps

    coordinator = UserFactory(coordinator=True)
    municipality = coordinator.municipality
    own = Invitation.objects.create(
        email=coordinator.email, role="coordinator", municipality=municipality, token_hash="a" * 64, expires_at=timezone.now()
    )
    own.accepted_at, own.accepted_by = timezone.now(), coordinator
    own.save()
    assert not next(s for s in first_steps(municipality) if s["key"] == "colleagues")["done"]
    Invitation.objects.create(
        email="collega@gemeente.example",
        role="member",
        municipality=municipality,
        token_hash="b" * 64,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    assert next(s for s in first_steps(municipality) if s["key"] == "colleagues")["done"]
