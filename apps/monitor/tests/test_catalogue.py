import csv
from pathlib import Path

import pytest
from django.conf import settings

from apps.goals.models import Target
from apps.monitor.catalogue import catalogue_load, catalogue_rows
from apps.monitor.models import Indicator

pytestmark = pytest.mark.django_db
SHARED = Path(settings.BASE_DIR).parent / "shared" / "data" / "indicators" / "local_sdg_indicators.csv"


def test_the_library_covers_all_goals_with_at_least_60_indicators():
    rows = catalogue_rows()
    assert len(rows) >= 60
    assert {r["goal_id"] for r in rows} == set(range(1, 18))
    targets = set(Target.objects.values_list("code", flat=True))
    for row in rows:
        assert row["target"] in targets, row["code"]
        assert row["code"].startswith(row["target"] + "."), row["code"]
        assert row["name_nl"] and row["name_en"] and row["definition_nl"] and row["definition_en"], row["code"]
        assert row["unit_nl"] and row["unit_en"] and row["source"], row["code"]
        assert row["direction"] in ("up", "down") and row["availability"] in ("municipality", "neighbourhood", "own")
    assert len({r["code"] for r in rows}) == len(rows)


def test_the_migration_loaded_it_and_loading_again_changes_nothing():
    assert Indicator.objects.filter(municipality__isnull=True).count() == len(catalogue_rows())
    assert catalogue_load() == (0, 0)
    Indicator.objects.filter(code="12.5.g1").update(name_nl="Oud")
    assert catalogue_load() == (0, 1)
    assert Indicator.objects.get(code="12.5.g1").name_nl == "Huishoudelijk restafval"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")
def test_bbv_indicators_match_the_reference_list():
    """Our BBV indicators name the official number; each exists in the gathered list."""
    reference = {r["indicator"].split(". ", 1)[0] for r in csv.DictReader(SHARED.open(encoding="utf-8")) if r["indicatorset"].startswith("BBV")}
    import re

    for row in catalogue_rows():
        match = re.search(r"BBV-indicator (\d+)", row["definition_nl"])
        if match:
            assert match.group(1) in reference, row["code"]
