"""Capacity and the waiting list hold when two registrations arrive at the same moment (PostgreSQL:
row locks; SQLite serialises writes anyway)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.exceptions import ServiceError
from apps.programmes import services
from apps.programmes.models import Programme, Registration
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _programme(capacity):
    today = timezone.localdate()
    return Programme.objects.create(
        published=True,
        slug="druk",
        title_nl="Druk programma",
        summary_nl="x",
        capacity=capacity,
        registration_opens=today - dt.timedelta(days=1),
        registration_closes=today + dt.timedelta(days=1),
    )


def _at_the_same_moment(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_registrations_for_the_last_place(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: None)
    programme = _programme(capacity=1)
    one, two = UserFactory(), UserFactory()
    results = _at_the_same_moment(
        lambda: services.registration_create(programme=programme, municipality=one.municipality, user=one),
        lambda: services.registration_create(programme=programme, municipality=two.municipality, user=two),
    )
    assert all(isinstance(r, Registration) for r in results), results
    statuses = sorted(Registration.objects.filter(programme=programme).values_list("status", flat=True))
    assert statuses == [Registration.Status.PENDING, Registration.Status.WAITLISTED]


def test_the_same_municipality_twice_at_the_same_moment(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: None)
    programme = _programme(capacity=5)
    one = UserFactory()
    colleague = UserFactory(municipality=one.municipality)
    results = _at_the_same_moment(
        lambda: services.registration_create(programme=programme, municipality=one.municipality, user=one),
        lambda: services.registration_create(programme=programme, municipality=one.municipality, user=colleague),
    )
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert sum(isinstance(r, ServiceError) for r in results) == 1
    assert Registration.objects.filter(programme=programme).count() == 1


def test_two_confirmations_for_the_last_place(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: None)
    programme = _programme(capacity=2)
    users = [UserFactory(), UserFactory()]
    registrations = [services.registration_create(programme=programme, municipality=u.municipality, user=u) for u in users]
    Programme.objects.filter(pk=programme.pk).update(capacity=1)
    results = _at_the_same_moment(*[lambda r=r: services.registration_confirm(registration=r) for r in registrations])
    assert sum(isinstance(r, Registration) for r in results) == 1
    assert sum(isinstance(r, ServiceError) for r in results) == 1
    assert Registration.objects.filter(programme=programme, status=Registration.Status.CONFIRMED).count() == 1
