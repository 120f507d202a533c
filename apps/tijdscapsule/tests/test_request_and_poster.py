"""Issue 24, the Tijdscapsule's minor points: a minimum lead time for requests, an acknowledgement
e-mail, reminders that fit the booked date, the dates on the wish page before a visit, a poster with
the whole date range and the campaign's brand, and no "vrij" for transport days."""

import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from apps.tijdscapsule import services
from apps.tijdscapsule.models import Reminder, Visit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _clock(monkeypatch, settings):
    monkeypatch.setattr(services, "today_local", lambda: TODAY)
    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 21


def data(start, days=1, **extra):
    return {
        "title": "Wensenavond",
        "event_type": "residents_evening",
        "start_date": start,
        "end_date": start + dt.timedelta(days=days - 1),
        "address": "Markt 1, Ergens",
        "expected_audience": 80,
        "contact_name": "Lotte Jansen",
        "contact_email": "lotte@example.org",
        **extra,
    }


def request_visit(start, days=1, user=None, **extra):
    user = user or UserFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.visit_request(municipality=user.municipality, user=user, data=data(start, days, **extra), today=TODAY)


def confirmed(start, days=1):
    visit = request_visit(start, days)
    return services.visit_confirm(visit=visit, actor=None, today=TODAY, notify=False)


# --- lead time and acknowledgement ----------------------------------------------------------------


def test_a_request_needs_the_minimum_lead_time(settings):
    with pytest.raises(services.LeadTimeError) as refused, translation.override("nl"):
        request_visit(TODAY + dt.timedelta(days=20))
    assert "minstens 21 dagen" in refused.value.message and "22 februari 2027" in refused.value.message
    assert request_visit(TODAY + dt.timedelta(days=21)).status == Visit.Status.REQUESTED
    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 30  # the setting is what counts
    with pytest.raises(services.LeadTimeError):
        request_visit(TODAY + dt.timedelta(days=29))


def test_the_form_shows_the_lead_time_at_the_first_day_and_keeps_what_was_typed(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("tijdscapsule_workspace:request", kwargs={"slug": user.municipality.slug})
    page = client.get(url).content.decode()
    assert 'min="2027-02-22"' in page and "22 februari 2027 of later" in page
    start = (TODAY + dt.timedelta(days=5)).isoformat()
    response = client.post(url, data(TODAY) | {"start_date": start, "end_date": start, "title": "Raadsdebat over 2030"})
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "Vraag minstens 21 dagen vooruit, zodat het campagneteam het vervoer kan plannen: kies 22 februari 2027 of later als eerste dag."
    ]
    assert 'value="Raadsdebat over 2030"' in response.content.decode() and not Visit.objects.exists()


def test_the_requester_gets_an_acknowledgement_by_e_mail(client):
    user = UserFactory(email="coordinator@example.org", full_name="Lotte Jansen")
    client.force_login(user)
    url = reverse("tijdscapsule_workspace:request", kwargs={"slug": user.municipality.slug})
    start = dt.date(2027, 3, 15)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data(start) | {"start_date": start.isoformat(), "end_date": "2027-03-16"}, follow=True)
    assert "ontvangstbevestiging" in response.content.decode()
    visit = Visit.objects.get()
    received = [m for m in mail.outbox if "lotte@example.org" in m.to]
    assert len(received) == 1
    message = received[0]
    assert message.to == ["lotte@example.org", "coordinator@example.org"]  # the contact person and the requester
    assert message.subject == "We hebben uw aanvraag voor de Tijdscapsule op 15 maart 2027 ontvangen"
    assert "maandag 15 maart 2027 tot en met dinsdag 16 maart 2027" in message.body
    assert "nog geen boeking" in message.body
    assert f"/tijdscapsule/bezoeken/{visit.pk}/" in message.body
    assert any(m.to == ["campagneteam@globalgoalsgemeenten.nl"] or "Tijdscapsule" in m.subject for m in mail.outbox if m is not message)


# --- reminders that fit the date ------------------------------------------------------------------


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (40, [("four_weeks", dt.date(2027, 3, 4)), ("one_week", dt.date(2027, 3, 25))]),  # both ahead
        (19, [("four_weeks", None), ("one_week", dt.date(2027, 3, 25))]),  # late: the checklist now, the last one as planned
        (9, [("one_week", dt.date(2027, 3, 25))]),  # the next one comes within 4 days: no extra mail now
        (3, [("one_week", None)]),  # close: only the latest, now
        (0, []),  # the visit has begun: nothing
    ],
)
def test_the_reminder_plan_fits_the_booked_date_and_never_lies_in_the_past(days_before, expected):
    visit = confirmed(dt.date(2027, 4, 1))
    now = at(visit.start_date - dt.timedelta(days=days_before))
    plan = services.reminder_plan(visit=visit, now=now)
    assert [(kind, moment.date() if moment else None) for kind, moment in plan] == expected
    assert all(moment is None or moment > now for _kind, moment in plan)


def test_the_reminder_says_how_many_days_are_left_and_none_goes_out_after_the_start(monkeypatch, settings):
    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 0  # the team may book at short notice
    visit = confirmed(dt.date(2027, 2, 20))  # 19 days after TODAY
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.reminder_send(visit_id=visit.pk, kind="four_weeks") is True
    reminder = next(m for m in mail.outbox if m.to == ["lotte@example.org"] and "komt" in m.subject)
    assert reminder.subject == "Nog 19 dagen: de Tijdscapsule komt op 20 februari"  # not "four weeks to go"
    monkeypatch.setattr(services, "today_local", lambda: dt.date(2027, 2, 20))
    assert services.reminder_send(visit_id=visit.pk, kind="one_week") is False
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["four_weeks"]


# --- the public pages -----------------------------------------------------------------------------


def test_the_wish_page_shows_the_actual_dates_before_the_visit(client):
    visit = confirmed(dt.date(2027, 3, 1), days=2)
    body = client.get(reverse("tijdscapsule:wish", kwargs={"pk": visit.pk})).content.decode()
    assert "maandag 1 maart 2027 – dinsdag 2 maart 2027" in body
    assert "van 1 maart 2027 tot en met 9 maart 2027" in body  # the wish window: a week after the last day
    assert "De capsule is er nog niet: vanaf maandag 1 maart 2027 kunt u hier uw wens achterlaten." in body
    assert "<textarea" not in body  # the form itself opens on the first day
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    assert "Vanaf maandag 1 maart 2027, de eerste dag van het bezoek, kunt u hier uw wens achterlaten." in visit_page


def test_the_poster_shows_the_whole_date_range_and_the_campaign_brand(client):
    visit = confirmed(dt.date(2027, 3, 1), days=3)
    body = client.get(reverse("tijdscapsule:poster", kwargs={"pk": visit.pk})).content.decode()
    assert "maandag 1 maart tot en met woensdag 3 maart 2027" in body
    assert "img/mark.svg" in body and "Global Goals <strong>Gemeenten</strong>" in body and 'class="poster__goals"' in body
    assert "een campagne van VNG en VNG International" in body
    assert "van 1 maart tot en met 10 maart 2027" in body


def test_the_calendar_never_calls_a_transport_day_free(client):
    visit = confirmed(dt.date(2027, 3, 10), days=2)  # 10-11, transport 12-13 after; 8-9 the way there
    with translation.override("nl"):
        months = services.calendar_months(capsule=visit.capsule, first=dt.date(2027, 3, 1), months=1, today=TODAY)
    states = {day.date.day: day.state for week in months[0]["weeks"] for day in week if day}
    assert [states[n] for n in range(7, 15)] == ["free", "transport", "transport", "visit", "visit", "transport", "transport", "free"]
    for day in (dt.date(2027, 3, 8), dt.date(2027, 3, 12)):  # what the calendar shows is what a request gets
        assert services.availability_problem(visit.capsule, day, day) is not None
    body = client.get(reverse("tijdscapsule:home"), {"maand": "2027-03"}).content.decode()
    assert body.count('class="is-transport"><span class="day-number">') == 4
    assert body.count('<span class="day-label">transportdag</span>') == 4
    assert "Transportdag: de capsule is onderweg, geen bezoek mogelijk" in body
    assert "vrij voor transport" not in body and 'style="' not in body.split('class="capsule-legend"')[1].split("</ul>")[0]
