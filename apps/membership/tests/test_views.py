import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.membership import services
from apps.membership.models import Application
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {
        "municipality": "Utrecht (Utrecht)",
        "contact_name": "Mirjam Hoekstra",
        "email": "wethouder@utrecht.example",
        "contact_role": "wethouder",
        "motivation": "Wij willen meedoen.",
        "focus_goals": ["1", "13"],
        "decision_body": "",
        "decision_date": "",
    }
    data.update(extra)
    return data


def test_join_form_lists_the_official_municipalities_that_are_not_members(client):
    MembershipFactory(municipality=municipality("GM0599"))  # Rotterdam
    response = client.get(reverse("membership:join"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<option value=") == 341 + 4  # plus the common names Den Haag, Den Bosch, Bergen (NH), Bergen (L)
    assert "Bergen (Noord-Holland)" in body and "Bergen (Limburg)" in body
    assert '<option value="Den Haag" label="&#x27;s-Gravenhage (Zuid-Holland)">' in body
    assert "Weesp" not in body
    assert "Rotterdam" not in body
    assert f'href="{reverse("pages:privacy")}">privacyverklaring</a>' in body


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Den Haag", "GM0518"),
        ("den haag", "GM0518"),
        ("’s-Gravenhage", "GM0518"),
        ("Den Bosch", "GM0796"),
        ("Bergen (NH)", "GM0373"),
        ("Bergen (L.)", "GM0893"),
        ("Súdwest-Fryslân", "GM1900"),
        ("Utrecht", "GM0344"),
    ],
)
def test_common_names_find_the_municipality(client, typed, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("membership:join"), form_data(municipality=typed))
    assert response.status_code == 302
    assert Application.objects.get().municipality.cbs_code == code


def test_an_ambiguous_name_asks_which_one_and_a_member_is_told(client):
    response = client.post(reverse("membership:join"), form_data(municipality="Bergen"))
    assert "kies Bergen (Noord-Holland) of Bergen (Limburg)" in response.content.decode()
    MembershipFactory(municipality=municipality("GM0599"))
    response = client.post(reverse("membership:join"), form_data(municipality="Rotterdam"))
    assert "is al een Global Goals gemeente" in response.content.decode()
    assert not Application.objects.exists()


def test_join_flow_to_confirmation(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("membership:join"), form_data())
    assert response.status_code == 302
    assert "wethouder@utrecht.example" in client.get(response["Location"]).content.decode()
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = link.replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200
    assert Application.objects.get().status == Application.Status.UNCONFIRMED  # GET confirms nothing
    response = client.post(path)
    assert response.status_code == 200
    assert Application.objects.get().status == Application.Status.PENDING


def test_unknown_municipality_gets_a_clear_error(client):
    response = client.post(reverse("membership:join"), form_data(municipality="999999"))
    assert response.status_code == 200
    assert "Kies een gemeente uit de lijst" in response.content.decode()
    assert not Application.objects.exists()


def test_typed_text_is_kept_after_an_error(client):
    response = client.post(reverse("membership:join"), form_data(email="geen-adres", motivation="Mijn lange motivatie"))
    body = response.content.decode()
    assert "Mijn lange motivatie" in body
    assert 'aria-invalid="true"' in body


def test_duplicate_membership_is_told_clearly_in_both_languages(client):
    MembershipFactory(municipality=municipality("GM0344"), since=dt.date(2019, 5, 1))
    response = client.post(reverse("membership:join"), form_data())
    assert "Utrecht is al een Global Goals gemeente (sinds 1 mei 2019)" in response.content.decode()
    response = client.post("/en" + reverse("membership:join"), form_data())
    assert "Utrecht is already a Global Goals municipality (since 1 May 2019)" in response.content.decode()


def test_honeypot_and_rate_limit(client, settings):
    response = client.post(reverse("membership:join"), form_data(nickname="bot"))
    assert response.status_code == 200
    assert not Application.objects.exists()
    settings.JOIN_RATE_LIMIT = 2
    for index in range(2):
        assert client.post(reverse("membership:join"), form_data(email=f"p{index}@utrecht.example")).status_code == 302
    response = client.post(reverse("membership:join"), form_data(email="p3@utrecht.example"))
    assert response.status_code == 200
    assert "Te veel aanmeldingen" in response.content.decode()


def test_tampered_confirmation_link(client):
    application = services.application_submit(
        municipality=municipality("GM0344"), contact_name="X", email="x@example.org", contact_role="y", motivation="z"
    )
    token = services.confirmation_token(application)
    response = client.post(reverse("membership:confirm", kwargs={"token": token + "x"}))
    assert response.status_code == 400
    assert "niet geldig" in response.content.decode()
    assert Application.objects.get().status == Application.Status.UNCONFIRMED


def test_expired_confirmation_link_offers_a_new_one(client, settings, django_capture_on_commit_callbacks):
    application = services.application_submit(
        municipality=municipality("GM0344"), contact_name="X", email="x@example.org", contact_role="y", motivation="z"
    )
    token = services.confirmation_token(application)
    settings.CONFIRMATION_VALID_DAYS = -1
    response = client.get(reverse("membership:confirm", kwargs={"token": token}))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("membership:resend", kwargs={"token": token}))
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["x@example.org"]


def test_csrf_failure_keeps_what_was_typed():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("membership:join"), form_data(motivation="Niet verloren gaan"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Niet verloren gaan" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Opnieuw versturen" in body


def test_coordinator_edits_public_profile(client):
    coordinator = UserFactory(coordinator=True)
    client.force_login(coordinator)
    slug = coordinator.municipality.slug
    url = reverse("workspace:profile", kwargs={"slug": slug})
    response = client.post(url, {"intro": "Wij doen mee!", "website": "geen url", "focus_goals": ["5"]})
    assert response.status_code == 200
    assert "Wij doen mee!" in response.content.decode()
    response = client.post(url, {"intro": "Wij doen mee!", "website": "https://example.org/sdg", "focus_goals": ["5"]})
    assert response.status_code == 302
    profile = client.get(coordinator.municipality.get_absolute_url()).content.decode()
    assert "Wij doen mee!" in profile
    assert "Gendergelijkheid" in profile
    membership = coordinator.municipality.membership
    membership.refresh_from_db()
    assert membership.history.first().history_user == coordinator


def test_workspace_home_queries_do_not_grow_with_the_team(client, settings, django_assert_max_num_queries):
    """The workspace home (every app's section) runs a fixed number of queries, cached sections or not."""
    settings.SECTION_CACHE = False
    coordinator = UserFactory(coordinator=True)
    url = f"/werkruimte/{coordinator.municipality.slug}/"
    client.force_login(coordinator)
    client.get(url)
    with django_assert_max_num_queries(99) as captured:
        assert client.get(url).status_code == 200
    for index in range(8):
        UserFactory(municipality=coordinator.municipality, full_name=f"Teamlid {index}")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = client.get(url)
    assert "Teamlid 7" in response.text
