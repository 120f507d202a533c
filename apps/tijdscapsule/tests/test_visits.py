"""Visits: requests, decisions, no double bookings (enforced by the database), transport days,
.ics, reminders sent once, the tour in the back office, privacy."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from apps.core.exceptions import ServiceError
from apps.tijdscapsule import services
from apps.tijdscapsule.models import BlockedDay, Capsule, Reminder, Visit
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    """Every view and service of this module sees TODAY as the date."""
    monkeypatch.setattr(services, "today_local", lambda: TODAY)


def data(start, days=1, **extra):
    return {
        "title": "Raadsdebat 2030",
        "event_type": "council_debate",
        "start_date": start,
        "end_date": start + dt.timedelta(days=days - 1),
        "address": "Markt 1, Ergens",
        "expected_audience": 80,
        "contact_name": "Lotte Jansen",
        "contact_email": "lotte@example.org",
        **extra,
    }


def commits():
    """Run the on-commit callbacks (mail, tasks) as the real request would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def request_visit(start, days=1, user=None, **extra):
    user = user or UserFactory()
    with commits():
        return services.visit_request(municipality=user.municipality, user=user, data=data(start, days, **extra), today=TODAY)


def confirm(visit):
    with commits():
        return services.visit_confirm(visit=visit, actor=None, today=TODAY)


def test_request_sends_the_team_a_mail_and_books_nothing_yet():
    visit = request_visit(dt.date(2027, 3, 1), days=2)
    assert visit.status == Visit.Status.REQUESTED and not BlockedDay.objects.exists()
    assert any("Tijdscapsule" in m.subject and f"/tijdscapsule/visit/{visit.pk}/change/" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("start", "days", "message"),
    [
        (dt.date(2027, 1, 15), 1, "in the past"),
        (dt.date(2027, 3, 1), 20, "at most 14 days"),
        (dt.date(2029, 12, 31), 3, "opened on"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message(start, days, message):
    with pytest.raises(ServiceError) as refused, translation.override("en"):
        request_visit(start, days)
    assert message in str(refused.value.message)


def test_end_before_start_is_refused():
    user = UserFactory()
    with pytest.raises(ServiceError, match="vóór de eerste dag"):
        services.visit_request(
            municipality=user.municipality, user=user, data=data(dt.date(2027, 3, 5)) | {"end_date": dt.date(2027, 3, 1)}, today=TODAY
        )


def test_a_non_member_cannot_request():
    outsider = municipality("GM0088")  # Schiermonnikoog: no member in the test data
    assert not hasattr(outsider, "membership")
    with pytest.raises(ServiceError, match="Global Goals-gemeenten"):
        services.visit_request(municipality=outsider, user=None, data=data(dt.date(2027, 3, 1)), today=TODAY)


def test_confirm_books_the_days_and_the_transport_days_after():
    visit = confirm(request_visit(dt.date(2027, 3, 1), days=2))
    blocked = list(BlockedDay.objects.filter(visit=visit).values_list("day", "kind"))
    assert blocked == [
        (dt.date(2027, 3, 1), "visit"),
        (dt.date(2027, 3, 2), "visit"),
        (dt.date(2027, 3, 3), "transport"),
        (dt.date(2027, 3, 4), "transport"),
    ]
    assert visit.status == Visit.Status.CONFIRMED


def test_overlap_and_transport_days_are_enforced_both_ways():
    first = confirm(request_visit(dt.date(2027, 3, 10), days=2))  # 10-11, transport 12-13
    for start in (dt.date(2027, 3, 11), dt.date(2027, 3, 13), dt.date(2027, 3, 8)):  # overlap, transport after, own transport before
        with pytest.raises(services.VisitConflict):
            request_visit(start, days=2)
    after = confirm(request_visit(dt.date(2027, 3, 14)))
    before = confirm(request_visit(dt.date(2027, 3, 7)))  # 7, transport 8-9: just fits
    assert {first.status, after.status, before.status} == {Visit.Status.CONFIRMED}


def test_two_requests_for_the_same_days_only_one_can_be_confirmed():
    a = request_visit(dt.date(2027, 4, 1))
    b = request_visit(dt.date(2027, 4, 2))  # requested before a was confirmed: allowed
    confirm(a)
    with pytest.raises(services.VisitConflict) as refused:
        confirm(b)
    assert a.municipality.display_name in str(refused.value.message)
    b.refresh_from_db()
    assert b.status == Visit.Status.REQUESTED and not b.blocked_days.exists()


def test_the_transport_days_setting_is_used():
    capsule = Capsule.current()
    capsule.transport_days = 0
    capsule.save()
    confirm(request_visit(dt.date(2027, 4, 1)))
    confirm(request_visit(dt.date(2027, 4, 2)))
    assert BlockedDay.objects.filter(kind="transport").count() == 0


def test_the_database_itself_refuses_a_second_booking_of_a_day():
    visit = confirm(request_visit(dt.date(2027, 4, 1)))
    other = request_visit(dt.date(2027, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockedDay.objects.create(capsule=visit.capsule, visit=other, day=dt.date(2027, 4, 1), kind="visit")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_the_same_moment_only_one_wins():
    a = request_visit(dt.date(2027, 6, 1), days=2)
    b = request_visit(dt.date(2027, 6, 2), days=2)
    barrier = threading.Barrier(2)
    results = {}

    def run(visit):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                services.visit_confirm(visit=visit, actor=None, today=TODAY)
            results[visit.pk] = "confirmed"
        except services.VisitConflict as error:
            results[visit.pk] = str(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(v,)) for v in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values()).count("confirmed") == 1, results
    loser = next(message for message in results.values() if message != "confirmed")
    assert "capsule" in loser.lower()
    assert Visit.objects.filter(status="confirmed").count() == 1
    assert BlockedDay.objects.values("visit").distinct().count() == 1


def test_confirmation_mail_has_the_ics_and_the_ics_view_works(client):
    visit = confirm(request_visit(dt.date(2027, 3, 1), days=2))
    message = next(m for m in mail.outbox if m.to == ["lotte@example.org"])
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    body = client.get(reverse("tijdscapsule:ical", kwargs={"pk": visit.pk})).content.decode()
    assert "DTSTART;VALUE=DATE:20270301" in body and "DTEND;VALUE=DATE:20270303" in body
    assert "Markt 1" in body


def test_propose_other_dates_then_the_municipality_accepts(client):
    user = UserFactory()
    visit = request_visit(dt.date(2027, 3, 1), user=user)
    with commits():
        services.visit_propose(
            visit=visit, actor=None, start=dt.date(2027, 3, 8), end=dt.date(2027, 3, 8), message="Kan het een week later?", today=TODAY
        )
    assert "Kan het een week later?" in mail.outbox[-1].body
    client.force_login(user)
    page = client.get(reverse("tijdscapsule_workspace:visit", kwargs={"slug": user.municipality.slug, "pk": visit.pk})).content.decode()
    assert "Kan het een week later?" in page
    response = client.post(
        reverse("tijdscapsule_workspace:visit_action", kwargs={"slug": user.municipality.slug, "pk": visit.pk}), {"action": "accept"}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed" and visit.start_date == dt.date(2027, 3, 8)
    assert BlockedDay.objects.filter(visit=visit, day=dt.date(2027, 3, 8)).exists()


def test_decline_needs_a_message():
    visit = request_visit(dt.date(2027, 3, 1))
    with pytest.raises(ServiceError):
        services.visit_decline(visit=visit, actor=None, message=" ")
    with commits():
        services.visit_decline(visit=visit, actor=None, message="Die week is de capsule in onderhoud.")
    assert "onderhoud" in mail.outbox[-1].body


def test_withdrawing_frees_the_days():
    user = UserFactory()
    visit = confirm(request_visit(dt.date(2027, 3, 1), user=user))
    services.visit_withdraw(municipality=user.municipality, user=user, visit=visit)
    visit.refresh_from_db()
    assert visit.status == "cancelled" and not BlockedDay.objects.exists()
    confirm(request_visit(dt.date(2027, 3, 1)))


def test_request_form_in_the_workspace(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("tijdscapsule_workspace:request", kwargs={"slug": user.municipality.slug})
    start = dt.date(2027, 3, 15)
    form = data(start) | {"start_date": start.isoformat(), "end_date": start.isoformat()}
    response = client.post(url, form)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.municipality == user.municipality and visit.requested_by == user
    # the same days again: clear message, nothing lost
    confirm_visit = services.visit_confirm(visit=visit, actor=None)
    assert confirm_visit.status == "confirmed"
    response = client.post(url, form)
    body = response.content.decode()
    assert response.status_code == 200 and "niet beschikbaar" in body and "Raadsdebat 2030" in body


def test_team_decides_in_the_back_office(client):
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    visit = request_visit(dt.date(2027, 3, 15))
    other = request_visit(visit.start_date)  # asked before the first was confirmed
    url = reverse("admin:tijdscapsule_visit_change", args=[visit.pk])
    assert "De gevraagde dagen zijn vrij." in client.get(url).content.decode() or "free" in client.get(url).content.decode()
    response = client.post(url, {"decision": "confirm", "message": "Tot dan!"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "confirmed" and visit.team_message == "Tot dan!"
    response = client.post(reverse("admin:tijdscapsule_visit_change", args=[other.pk]), {"decision": "confirm"}, follow=True)
    assert "niet beschikbaar" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "requested"


def test_tour_overview_and_csv_for_the_team_only(client):
    confirm(request_visit(dt.date(2027, 3, 1)))
    request_visit(dt.date(2027, 5, 1))
    member = UserFactory()
    client.force_login(member)
    assert client.get(reverse("admin:tijdscapsule_tour")).status_code == 302  # not staff: to the admin login
    client.force_login(UserFactory(team=True, is_superuser=True))
    page = client.get(reverse("admin:tijdscapsule_tour")).content.decode()
    assert "<svg" in page and "Raadsdebat 2030" in page
    csv = client.get(reverse("admin:tijdscapsule_tour_csv")).content.decode()
    assert csv.splitlines()[0].startswith("id,municipality") and len(csv.splitlines()) == 3


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_are_queued_with_run_after(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    visit = request_visit(dt.date(2027, 3, 1))
    now = dt.datetime(2027, 1, 10, 12, tzinfo=dt.UTC)
    queued = services.reminders_schedule(visit=visit, now=now)
    assert queued == ["four_weeks", "one_week"]
    runs = sorted(DBTaskResult.objects.filter(task_path__endswith="send_reminder").values_list("run_after", flat=True))
    assert [r.date() for r in runs] == [dt.date(2027, 2, 1), dt.date(2027, 2, 22)]


def test_a_late_confirmation_sends_only_the_latest_reminder_now():
    visit = confirm(request_visit(dt.date(2027, 3, 1)))
    Reminder.objects.all().delete()
    mail.outbox = []
    with commits():
        queued = services.reminders_schedule(visit=visit, now=dt.datetime(2027, 2, 25, 12, tzinfo=dt.UTC))
    assert queued == ["one_week"]
    assert [r.kind for r in Reminder.objects.all()] == ["one_week"] and len(mail.outbox) == 1
    assert "checklist" in mail.outbox[0].body.lower() and "poster" in mail.outbox[0].body.lower()


def test_each_reminder_is_sent_once_even_when_the_task_runs_twice():
    from apps.tijdscapsule.tasks import send_reminder

    visit = request_visit(dt.date(2027, 3, 1))
    services.visit_confirm(visit=visit, actor=None, today=TODAY, notify=False)
    mail.outbox = []
    with commits():
        assert send_reminder.call(visit.pk, "four_weeks") is True
    with commits():
        assert send_reminder.call(visit.pk, "four_weeks") is False  # a worker restart runs it again
    assert len(mail.outbox) == 1 and Reminder.objects.filter(visit=visit).count() == 1


def test_no_reminder_for_a_cancelled_visit():
    visit = confirm(request_visit(dt.date(2027, 3, 1)))
    services.visit_cancel(visit=visit, actor=None)
    assert services.reminder_send(visit_id=visit.pk, kind="one_week") is False


# --- the calendar ------------------------------------------------------------------------------


def test_calendar_shows_booked_by_whom_transport_and_free(client):
    visit = confirm(request_visit(dt.date(2027, 3, 1)))
    request_visit(dt.date(2027, 3, 20))  # a request is not shown as booked
    body = client.get(reverse("tijdscapsule:home"), {"maand": "2027-03"}).content.decode()
    assert visit.municipality.display_name in body
    assert body.count('class="is-visit"') == 1 and body.count('class="is-transport"') == 2
    assert body.count('class="is-free"') >= 25


def test_calendar_and_counts_queries_do_not_grow(client, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            v = request_visit(dt.date(2027, 3, 1) + dt.timedelta(days=4 * i + 40 * n))
            confirm(v)
            services.wish_submit(visit=v, text="Meer bomen", today=v.start_date)

    grow(1)
    urls = [
        reverse("tijdscapsule:home") + "?maand=2027-03",
        reverse("tijdscapsule:counts"),
        "/api/v1/time-capsule-visits",
        "/api/v1/time-capsule-counts",
    ]
    for url in urls:
        client.get(url)
    small = {}
    for url in urls:
        cache.clear()  # the uncached path (counts and calendar are cached until they change)
        with django_assert_max_num_queries(25) as ctx:
            client.get(url)
        small[url] = len(ctx.captured_queries)
    grow(6)
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200


# --- privacy -----------------------------------------------------------------------------------


def test_privacy_export_has_the_visit_requests_and_anonymise_removes_the_contact():
    from apps.privacy.services import user_data
    from apps.tijdscapsule import privacy

    user = UserFactory(email="lotte@example.org")
    request_visit(dt.date(2027, 3, 1), user=user)
    exported = user_data(user)["tijdscapsule"]["visit_requests"]
    assert exported[0]["contact_email"] == "lotte@example.org" and exported[0]["title"] == "Raadsdebat 2030"
    privacy.anonymise(user)
    visit = Visit.objects.get()
    assert visit.requested_by is None and visit.contact_name == "" and visit.contact_email == "deleted@invalid"
    assert not visit.history.filter(contact_name="Lotte Jansen").exists()


def test_workspace_dashboard_lists_own_visits_only(client):
    user = UserFactory()
    mine = request_visit(dt.date(2027, 3, 1), user=user, title="Onze wensenavond")
    request_visit(dt.date(2027, 5, 1), title="Andermans debat")
    client.force_login(user)
    body = client.get(reverse("tijdscapsule_workspace:dashboard", kwargs={"slug": user.municipality.slug})).content.decode()
    assert mine.title in body and "Andermans debat" not in body
    other = MembershipFactory().municipality
    assert client.get(reverse("tijdscapsule_workspace:dashboard", kwargs={"slug": other.slug})).status_code == 403
    assert connection.vendor in ("sqlite", "postgresql")
