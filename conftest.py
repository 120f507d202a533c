"""Shared fixtures. The reference data (goals, targets, municipalities) is part of the database in
every environment, so tests get it too: loaded once per database, and again after a
transactional test (browser tests) flushed it."""

import pytest
from django.core import mail

from apps.goals.models import Goal
from apps.goals.services import goals_load
from apps.municipalities.models import Municipality
from apps.municipalities.services import municipalities_load, reorganisations_load

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def ensure_reference_data():
    if not Goal.objects.exists():
        goals_load()
    if not Municipality.objects.filter(cbs_code="GM1992").exists():
        municipalities_load()
        reorganisations_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if DB_FIXTURES.intersection(request.fixturenames) or marker is not None:
        request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _test_environment(settings):
    from django.core.cache import cache

    cache.clear()
    mail.outbox = []
    settings.LANGUAGE_CODE = "nl"
    # Django's test set-up replaces every mailer with locmem; keep ours, so that tests see mail go
    # through the task queue (TaskEmailBackend) and only the delivery mailer is locmem.
    settings.MAILERS = {
        "default": {"BACKEND": "apps.core.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (row locks, concurrent transactions, full-text search) run only when
    DATABASE_URL points at PostgreSQL; on the SQLite default they are skipped with the reason."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
