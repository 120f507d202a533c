#!/usr/bin/env python
"""Tijdscapsule figures (issue 7): the calendar, a visit's page, the counts page and the counts API
with 200 visits and 20,000 sealed wishes; p50/p95 over 40 requests each, queries per page at a small
and at the full size (must be equal), the ratio to /healthz measured the same way in the same
process, and the throughput of wish submission (form post through the view: checked, sealed with
Fernet, stored) from many addresses.

    .venv/bin/python bench/tijdscapsule.py

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
VISITS, WISHES, SAMPLES, POSTS = 200, 20000, 40, 300


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-tijdscapsule-")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3", "MEDIA_ROOT": f"{tmp.name}/media"}
    )
    import django

    django.setup()
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    settings.TIJDSCAPSULE_KEY = Fernet.generate_key().decode()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from apps.membership.models import Membership
    from apps.municipalities.models import Municipality
    from apps.tijdscapsule import crypto, services
    from apps.tijdscapsule.models import Capsule, Role, Visit, Wish

    municipalities = list(Municipality.objects.current().order_by("cbs_code")[:300])
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in municipalities)
    capsule = Capsule.current()
    capsule.wishes_per_hour = 10**9
    capsule.save()
    rng = random.Random(7)
    roles = [r.value for r in Role]
    sealed = [crypto.seal_text(f"Ik wens dat onze gemeente in 2030 ... ({n})") for n in range(50)]
    today = services.today_local()
    first = today - dt.timedelta(days=3 * VISITS // 2)

    def grow(visits: int, wishes: int) -> None:
        have = Visit.objects.count()
        for i in range(have, visits):
            start = first + dt.timedelta(days=3 * i)
            visit = Visit.objects.create(
                capsule=capsule,
                municipality=municipalities[i % len(municipalities)],
                start_date=start,
                end_date=start,
                title=f"Bezoek {i}",
                event_type="market",
                address="Markt 1",
                expected_audience=100,
                contact_name="x",
                contact_email="x@example.org",
            )
            services.visit_confirm(visit=visit, actor=None, allow_past=True, notify=False)
        all_visits = list(Visit.objects.all())
        have = Wish.objects.count()
        new = Wish.objects.bulk_create(
            (Wish(visit=all_visits[i % len(all_visits)], role=rng.choice(roles), sealed_text=sealed[i % len(sealed)]) for i in range(have, wishes)),
            batch_size=2000,
        )
        through = Wish.goals.through
        through.objects.bulk_create([through(wish_id=w.pk, goal_id=g) for w in new for g in rng.sample(range(1, 18), 2)], batch_size=5000)

    client = Client()

    def pages():
        visit = Visit.objects.filter(start_date__gte=today).order_by("start_date").first() or Visit.objects.last()
        return [
            ("calendar (home)", "/tijdscapsule/"),
            ("visit page", visit.get_absolute_url()),
            ("counts page", "/tijdscapsule/tellingen/"),
            ("API counts", "/api/v1/time-capsule-counts"),
            ("API visits", "/api/v1/time-capsule-visits?pageSize=100"),
            ("baseline /healthz", "/healthz"),
        ]

    def measure():
        out = {}
        for name, url in pages():
            client.get(url)
            counted = []

            def count(execute, sql, params, many, context, counted=counted):
                counted.append(sql)
                return execute(sql, params, many, context)

            # an execute wrapper, not CaptureQueriesContext: request_started resets the query log
            with connections["default"].execute_wrapper(count):
                assert client.get(url).status_code == 200, url
            times = []
            for _ in range(SAMPLES):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            out[name] = (len(counted), statistics.median(times), times[int(0.95 * SAMPLES) - 1])
        return out

    grow(20, 2000)
    small = measure()
    grow(VISITS, WISHES)
    large = measure()
    print(f"Tijdscapsule with {Visit.objects.count()} visits and {Wish.objects.count()} sealed wishes (small run: 20 / 2,000)")
    print(f"  {'page':<22}{'queries small':>14}{'queries full':>13}{'p50 ms':>9}{'p95 ms':>9}{'p95 / baseline':>16}")
    base = large["baseline /healthz"][2]
    equal = True
    for name, _url in pages():
        q_small, q_large, p50, p95 = small[name][0], large[name][0], large[name][1], large[name][2]
        equal &= q_small == q_large
        print(f"  {name:<22}{q_small:>14}{q_large:>13}{p50:>9.1f}{p95:>9.1f}{p95 / base:>16.1f}")
    print("  queries constant as data grows: " + ("yes" if equal else "NO"))

    # wish submission throughput: the form post through the view, from many addresses
    visit = Visit.objects.filter(start_date__lte=today, end_date__gte=today - dt.timedelta(days=services.WISH_DAYS_AFTER)).first()
    if visit is None:
        visit = Visit.objects.create(
            capsule=capsule,
            municipality=municipalities[0],
            start_date=today,
            end_date=today,
            title="Nu",
            event_type="market",
            address="Markt 1",
            expected_audience=1,
            contact_name="x",
            contact_email="x@example.org",
            status="confirmed",
        )
    url = f"/tijdscapsule/bezoek/{visit.pk}/wens/"
    before = Wish.objects.count()
    started = time.perf_counter()
    for n in range(POSTS):
        response = client.post(
            url,
            {"text": f"Schone lucht en groene straten voor iedereen ({n})", "role": "inwoner", "goals": ["3", "11"]},
            REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}",
        )
        assert response.status_code == 302, response.status_code
    elapsed = time.perf_counter() - started
    assert Wish.objects.count() == before + POSTS
    print(f"  wish submission (form post, sealed, stored): {POSTS / elapsed:.0f} wishes/s, {1000 * elapsed / POSTS:.1f} ms each")
    tmp.cleanup()
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
