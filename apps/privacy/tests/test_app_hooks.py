"""The apps' own parts of the export and of account deletion (apps/<app>/privacy.py): everything tied
to the user is in the export and nothing of a colleague; deletion removes the personal parts and keeps
what the municipality needs."""

import json

import pytest
from django.urls import reverse

from apps.api.services import api_key_create
from apps.menukaart import services as menukaart
from apps.menukaart.models import Activity, PracticeExample
from apps.privacy import services
from apps.support import services as support
from apps.support.models import Message, SupportRequest
from apps.updates.models import Delivery, OptOut, Update
from apps.youngchallengers.models import Challenge, Post, Step, YoungChallenger
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def footprint(user, tag):
    """Something in every app, by ``user``, with ``tag`` in each text."""
    home = user.municipality
    Activity.objects.create(municipality=home, created_by=user, title=f"Activiteit {tag}", status="planned")
    menukaart.example_save(municipality=home, user=user, data={"title": f"Voorbeeld {tag}", "q_policy": f"Beleid {tag}"})
    request, _created = support.request_create(municipality=home, user=user, category="other", subject=f"Vraag {tag}", body=f"Bericht {tag}")
    challenger = YoungChallenger.objects.create(
        user=user, municipality=home, role_title=f"Rol {tag}", works_on=f"Werk {tag}", public=True, public_summary=f"Samenvatting {tag}"
    )
    challenge = Challenge.objects.create(
        challenger=challenger, title=f"Challenge {tag}", plan=f"Plan {tag}", colleagues=f"Collega {tag}", public=True
    )
    Step.objects.create(challenge=challenge, title=f"Stap {tag}")
    Post.objects.create(author=challenger, body=f"Post {tag}")
    update = Update.objects.create(subject=f"Nieuws {tag}", body="x", audience="members", status="sent")
    Delivery.objects.create(update=update, email=user.email)
    OptOut.objects.create(email=user.email.lower())
    api_key_create(municipality=home, name=f"Sleutel {tag}", created_by=user)
    return request


def test_export_holds_each_app_s_part_of_the_user_and_nothing_of_a_colleague():
    user = UserFactory(coordinator=True)
    colleague = UserFactory(municipality=user.municipality)
    request = footprint(user, "EIGEN")
    footprint(colleague, "COLLEGA")
    support.message_add(support_request=request, author=colleague, body="Aanvulling COLLEGA")
    team = UserFactory(team=True, full_name="Teamlid Teun")
    support.message_add(support_request=request, author=team, body="Antwoord van het team", from_team=True)

    data = services.user_data(user)
    text = json.dumps(data, ensure_ascii=False)
    assert "COLLEGA" not in text and "Teamlid Teun" not in text and colleague.email not in text
    assert [a["title"] for a in data["menukaart"]["activities_created"]] == ["Activiteit EIGEN"]
    assert data["menukaart"]["practice_examples_started"][0]["draft"]["q_policy"] == "Beleid EIGEN"
    asked = data["support"]["requests_asked"]
    assert [r["subject"] for r in asked] == ["Vraag EIGEN"]
    assert [m["body"] for m in asked[0]["messages"]] == ["Bericht EIGEN", "Antwoord van het team"]
    yc = data["youngchallengers"]
    assert yc["profile"]["works_on"] == "Werk EIGEN" and yc["challenges"][0]["steps"][0]["title"] == "Stap EIGEN"
    assert [p["body"] for p in yc["posts"]] == ["Post EIGEN"]
    assert [d["subject"] for d in data["updates"]["updates_received"]] == ["Nieuws EIGEN"] and data["updates"]["unsubscribed_since"]
    assert [k["name"] for k in data["api"]["api_keys_made"]] == ["Sleutel EIGEN"]


def test_deleting_the_account_removes_personal_parts_and_keeps_the_municipality_s_records(client):
    user = UserFactory()
    request = footprint(user, "EIGEN")
    old_email = user.email
    client.force_login(user)
    assert client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on"}).status_code == 302

    profile = YoungChallenger.objects.get(user=user)
    assert (profile.role_title, profile.works_on, profile.public, profile.public_summary) == ("", "", False, "")
    assert not Post.objects.filter(author=profile).exists()
    challenge = Challenge.objects.get(challenger=profile)
    assert challenge.plan == "Plan EIGEN" and not challenge.public and challenge.colleagues == ""
    assert SupportRequest.objects.filter(pk=request.pk, requested_by=user).exists()
    assert Message.objects.filter(request=request, body="Bericht EIGEN").exists()
    assert Activity.objects.filter(title="Activiteit EIGEN").exists() and PracticeExample.objects.filter(title="Voorbeeld EIGEN").exists()
    assert not Delivery.objects.filter(email__iexact=old_email).exists() and Delivery.objects.count() == 1
    assert not OptOut.objects.filter(email__iexact=old_email).exists()


def test_register_and_statement_name_the_community_processing(client):
    from apps.privacy.models import ProcessingActivity

    names = set(ProcessingActivity.objects.values_list("name", flat=True))
    assert {"Ondersteuning door het campagneteam", "YoungChallengers", "Updates van het campagneteam", "API-sleutels"} <= names
    nl = client.get(reverse("pages:privacy")).content.decode()
    assert "YoungChallenger" in nl and "API-sleutels" in nl and "Vragen aan het campagneteam" in nl
