"""The indicator library shipped in apps/monitor/data/indicators.csv (sources in data/SOURCE.md).

``catalogue_load`` takes the model as an argument so that the data migration can pass its
historical model; ``manage.py load_demo`` and the tests call it with the real one."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data" / "indicators.csv"
FIELDS = [
    "goal_id",
    "target",
    "name_nl",
    "name_en",
    "definition_nl",
    "definition_en",
    "unit_nl",
    "unit_en",
    "direction",
    "decimals",
    "source",
    "source_table",
    "source_url",
    "availability",
    "indicator_set",
]


def catalogue_rows() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            row["goal_id"] = int(row.pop("goal"))
            row["decimals"] = int(row["decimals"])
            rows.append(row)
        return rows


def catalogue_load(model=None) -> tuple[int, int]:
    """Create or update every library indicator by code; (created, updated)."""
    if model is None:
        from .models import Indicator as model
    existing = {i.code: i for i in model.objects.filter(municipality__isnull=True)}
    created, changed = [], []
    for row in catalogue_rows():
        indicator = existing.get(row["code"])
        if indicator is None:
            created.append(model(code=row["code"], **{f: row[f] for f in FIELDS}))
            continue
        if any(getattr(indicator, f) != row[f] for f in FIELDS):
            for f in FIELDS:
                setattr(indicator, f, row[f])
            changed.append(indicator)
    model.objects.bulk_create(created)
    if changed:
        model.objects.bulk_update(changed, FIELDS)
    return len(created), len(changed)
