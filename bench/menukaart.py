#!/usr/bin/env python
"""Menukaart figures (issue 4): the public list and a format page with 2,000 formats and 20,000
activities, and the list with a search; p50/p95 over 40 requests each, queries per page at a small
and at the full size (must be equal), and the ratio to /healthz measured the same way in the same
process (the noise of this shared machine hits both).

    .venv/bin/python bench/menukaart.py

In-process (Django's test client, production-like settings with DEBUG off) on a throwaway SQLite
database in a temporary directory, removed at the end."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMATS, ACTIVITIES, SAMPLES = 2000, 20000, 40


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-menukaart-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from apps.goals.models import Goal
    from apps.membership.models import Membership
    from apps.menukaart.demo import load_demo
    from apps.menukaart.models import ActionFormat, Activity, Category
    from apps.municipalities.models import Municipality

    municipalities = list(Municipality.objects.current().order_by("cbs_code")[:300])
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in municipalities)
    load_demo(password="")  # the demo makes no accounts here
    client = Client()
    rng = random.Random(4)
    goals = list(Goal.objects.values_list("pk", flat=True))
    categories = list(Category.objects.all())
    detail = ActionFormat.objects.get(slug="global-goals-week")

    def grow(formats: int, activities: int) -> None:
        have = ActionFormat.objects.count()
        new = ActionFormat.objects.bulk_create(
            ActionFormat(
                slug=f"format-{i}", category=categories[i % len(categories)], title_nl=f"Actieformat {i} voor buurt en school", title_en=f"Format {i}",
                summary_nl="Een activiteit met inwoners, scholen en ondernemers rond de doelen.", summary_en="An activity.",
                audience="residents", effort=rng.choice(["low", "medium", "high"]), cost="low",
            )
            for i in range(have, formats)
        )
        through = ActionFormat.goals.through
        through.objects.bulk_create([through(actionformat_id=f.pk, goal_id=g) for f in new for g in rng.sample(goals, 3)], batch_size=5000)
        have = Activity.objects.count()
        Activity.objects.bulk_create(
            (
                Activity(
                    municipality=municipalities[i % len(municipalities)], action_format=detail if i % 10 == 0 else None, title=f"Activiteit {i}",
                    status="done", start_date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 700),
                )
                for i in range(have, activities)
            ),
            batch_size=5000,
        )

    pages = [("list", "/menukaart/"), ("list, goal 4 + search", "/menukaart/?doel=4&q=school"), ("format page", detail.get_absolute_url()), ("baseline /healthz", "/healthz")]

    def measure():
        out = {}
        for name, url in pages:
            client.get(url)
            with CaptureQueriesContext(connections["default"]) as ctx:
                assert client.get(url).status_code == 200, url
            queries = len(ctx.captured_queries)
            times = []
            for _ in range(SAMPLES):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            out[name] = (queries, statistics.median(times), times[int(0.95 * SAMPLES) - 1])
        return out

    grow(200, 2000)
    small = measure()
    grow(FORMATS, ACTIVITIES)
    large = measure()
    print(f"Menukaart with {ActionFormat.objects.count()} formats and {Activity.objects.count()} activities (small run: 200 / 2,000)")
    print(f"  {'page':<26}{'queries small':>14}{'queries full':>13}{'p50 ms':>9}{'p95 ms':>9}{'p95 / baseline':>16}")
    base = large["baseline /healthz"][2]
    equal = True
    for name, _url in pages:
        q_small, q_large, p50, p95 = small[name][0], large[name][0], large[name][1], large[name][2]
        equal &= q_small == q_large
        print(f"  {name:<26}{q_small:>14}{q_large:>13}{p50:>9.1f}{p95:>9.1f}{p95 / base:>16.1f}")
    print("  queries constant as data grows: " + ("yes" if equal else "NO"))
    tmp.cleanup()
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
