import pytest

from apps.monitor.catalogue import catalogue_load
from apps.monitor.models import Indicator


@pytest.fixture(autouse=True)
def catalogue(request):
    """The library is loaded by a migration; a transactional test flushes it, so load it again."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        if not Indicator.objects.filter(municipality__isnull=True).exists():
            catalogue_load()
