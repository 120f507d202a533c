"""Load the 17 goals and 169 targets from apps/goals/data/ (sources in apps/goals/data/README.md)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Goal, Target

DATA_DIR = Path(__file__).resolve().parent / "data"
GOAL_FIELDS = ["colour", "title_short_nl", "title_short_en", "title_full_nl", "title_full_en", "description_nl", "description_en"]
TARGET_FIELDS = ["goal_id", "order", "kind", "title_short_nl", "title_short_en", "text_nl", "text_en"]


def _rows(name: str):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@transaction.atomic
def goals_load() -> tuple[int, int]:
    """Create or update all goals and targets; returns (goals, targets)."""
    goals = [
        Goal(
            number=int(row["number"]),
            colour=row["colour_hex"].upper(),
            title_short_nl=row["title_short_nl"],
            title_short_en=row["title_short_en"],
            title_full_nl=row["title_full_nl"],
            title_full_en=row["title_full_en"],
            description_nl=row["description_nl"],
            description_en=row["description_en"],
        )
        for row in _rows("goals.csv")
    ]
    Goal.objects.bulk_create(goals, update_conflicts=True, unique_fields=["number"], update_fields=GOAL_FIELDS)
    targets = [
        Target(
            code=row["code"],
            goal_id=int(row["goal"]),
            order=order,
            kind=row["kind"],
            title_short_nl=row["title_short_nl"],
            title_short_en=row["title_short_en"],
            text_nl=row["text_nl"],
            text_en=row["text_en"],
        )
        for order, row in enumerate(_rows("targets.csv"), start=1)
    ]
    Target.objects.bulk_create(targets, update_conflicts=True, unique_fields=["code"], update_fields=TARGET_FIELDS)
    return len(goals), len(targets)
