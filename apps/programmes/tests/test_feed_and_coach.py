"""A personal, revocable secret calendar address (no login) with VTIMEZONE; no promised coach who
does not exist; the registration decision on the page the team's e-mail links to."""

import pytest
from django.urls import reverse

from apps.programmes.models import Registration
from tests.factories import UserFactory

from .test_programmes import TEXT, confirmed, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def test_the_secret_feed_works_without_login_has_a_vtimezone_and_can_be_renewed(client):
    from icalendar import Calendar

    programme = make_programme()
    registration, user = confirmed(programme)
    client.force_login(user)
    page = client.get(reverse("programmes_workspace:programme", kwargs={"slug": user.municipality.slug, "programme": programme.slug})).content.decode()
    feed_url = registration.calendar_feeds.get(user=user).token
    path = reverse("programmes:secret_feed", kwargs={"token": feed_url})
    assert path in page
    client.logout()  # a calendar program has no session
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam" and event.decoded("dtstart") == registration.programme.sessions.get().starts_at
    client.force_login(user)
    client.post(reverse("programmes_workspace:feed_renew", kwargs={"slug": user.municipality.slug, "programme": programme.slug}))
    client.logout()
    assert client.get(path).status_code == 404  # the old address stops working
    assert client.get(reverse("programmes:secret_feed", kwargs={"token": registration.calendar_feeds.get().token})).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("programmes:secret_feed", kwargs={"token": registration.calendar_feeds.get().token})).status_code == 404


def test_sending_a_text_names_the_coach_or_the_team_never_a_coach_who_does_not_exist(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    deliverable = programme.deliverables.get()
    url = reverse("programmes_workspace:deliverable", kwargs={"slug": user.municipality.slug, "programme": programme.slug, "pk": deliverable.pk})
    client.force_login(user)
    body = client.post(url, {"title": "Onze aanpak", "text": TEXT, "goals": ["10"], "submit": "1"}, follow=True).content.decode()
    assert "Het campagneteam gaat hem lezen" in body and "Uw coach" not in body


def test_the_registration_decision_is_on_the_page_the_e_mail_links_to(client):
    programme = make_programme()
    user = UserFactory()
    from apps.programmes import services

    registration = services.registration_create(programme=programme, municipality=user.municipality, user=user)
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    change = reverse("admin:programmes_registration_change", args=[registration.pk])
    body = client.get(change).content.decode()
    decide = reverse("admin:programmes_registration_decide", args=[registration.pk])
    assert f'formaction="{decide}"' in body and 'value="confirm"' in body
    assert client.post(decide, {"decision": "confirm"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_programme_coach_sees_and_reviews_only_that_programme_and_is_named(client):
    programme = make_programme()
    other = make_programme(slug="andere", title_nl="Ander programma")
    registration, user = confirmed(programme)
    confirmed(other, UserFactory(municipality=user.municipality))
    coach = UserFactory(coach=True, full_name="Carla Coach")
    programme.coaches.add(coach)
    deliverable = programme.deliverables.get()
    slug = user.municipality.slug
    url = reverse("programmes_workspace:deliverable", kwargs={"slug": slug, "programme": programme.slug, "pk": deliverable.pk})
    client.force_login(user)
    body = client.post(url, {"title": "Onze aanpak", "text": TEXT, "goals": ["10"], "submit": "1"}, follow=True).content.decode()
    assert "Uw coach Carla Coach gaat hem lezen" in body
    client.force_login(coach)
    assert client.get(url).status_code == 200
    client.post(reverse("programmes_workspace:review", kwargs={"slug": slug, "programme": programme.slug, "pk": deliverable.pk}), {"decision": "accepted", "version": "1"})
    assert registration.submissions.get().status == "accepted"
    assert client.get(reverse("workspace:home", kwargs={"slug": slug})).status_code == 403  # not the whole workspace
    programme_url = reverse("programmes_workspace:programme", kwargs={"slug": slug, "programme": programme.slug})
    assert programme_url in client.get(reverse("accounts:home")).content.decode()  # found from the account page
    assert client.get(reverse("programmes_workspace:programme", kwargs={"slug": slug, "programme": other.slug})).status_code == 403
