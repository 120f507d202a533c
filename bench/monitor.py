#!/usr/bin/env python
"""Monitor figures (issue 9): 342 member municipalities x 80 indicators x 10 years (273,600 values).
p50/p95 over 40 requests each of the public dashboard, an indicator page with its peer comparison
and the workspace dashboard; queries per page at a small size and at the full size (must be equal);
the ratio to /healthz measured the same way; the time to check and import a 10,000-row CSV; the
time to typeset a Voluntary Local Review PDF.

    .venv/bin/python bench/monitor.py

In-process (Django's test client) on a throwaway SQLite database in a temporary directory, removed
at the end; the data are made with bulk_create."""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INDICATORS, YEARS, SAMPLES = 80, list(range(2015, 2025)), 40


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-monitor-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    settings.MEDIA_ROOT = tmp.name
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from apps.accounts.models import Role, User
    from apps.membership.models import Membership
    from apps.monitor import services
    from apps.monitor.models import AdoptedIndicator, Indicator, Review, Value
    from apps.municipalities.models import Municipality

    municipalities = list(Municipality.objects.current().order_by("cbs_code"))
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in municipalities)
    indicators = list(Indicator.objects.filter(municipality__isnull=True).order_by("code"))[:INDICATORS]
    utrecht = next(m for m in municipalities if m.cbs_code == "GM0344")
    rng = random.Random(9)

    def grow(places, count):
        have = set(AdoptedIndicator.objects.values_list("municipality_id", "indicator_id"))
        adoptions, values = [], []
        for place in places:
            for indicator in indicators[:count]:
                if (place.pk, indicator.pk) in have:
                    continue
                adoptions.append(AdoptedIndicator(municipality=place, indicator=indicator, public=True, target_value=50.0, target_year=2030))
                start = rng.uniform(60, 140)
                values.extend(Value(municipality=place, indicator=indicator, year=y, value=start - rng.uniform(0, 3) * (y - 2015)) for y in YEARS)
        AdoptedIndicator.objects.bulk_create(adoptions, batch_size=5000)
        Value.objects.bulk_create(values, batch_size=10000)

    coordinator = User.objects.create_user(
        email="bench@utrecht.example", password=None, full_name="Bench", role=Role.COORDINATOR, municipality=utrecht
    )
    client = Client()
    client.force_login(coordinator)
    code = indicators[0].slug
    pages = [
        ("public dashboard", "/monitor/utrecht/"),
        ("indicator page + peers", f"/monitor/utrecht/{code}/"),
        ("workspace dashboard", "/werkruimte/utrecht/monitor/"),
        ("baseline /healthz", "/healthz"),
    ]

    def measure():
        out = {}
        for name, url in pages:
            client.get(url)
            queries = []
            # execute_wrapper, not CaptureQueriesContext: the request_started signal empties the query log
            with connections["default"].execute_wrapper(
                lambda execute, sql, params, many, context, log=queries: log.append(sql) or execute(sql, params, many, context)
            ):
                assert client.get(url).status_code == 200, url
            times = []
            for _ in range(SAMPLES):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            out[name] = (len(queries), statistics.median(times), times[int(0.95 * SAMPLES) - 1])
        return out

    grow([utrecht, *[m for m in municipalities if m != utrecht][:19]], 10)
    small = measure()
    started = time.perf_counter()
    grow(municipalities, INDICATORS)
    built = time.perf_counter() - started
    large = measure()
    print(
        f"Monitor with {len(municipalities)} members x {len(indicators)} indicators x {len(YEARS)} years: {Value.objects.count():,} values (built in {built:.1f} s; small run: 20 x 10)"
    )
    print(f"  {'page':<26}{'queries small':>14}{'queries full':>13}{'p50 ms':>9}{'p95 ms':>9}{'p95 / baseline':>16}")
    base = large["baseline /healthz"][2]
    equal = True
    for name, _url in pages:
        q_small, q_large, p50, p95 = small[name][0], large[name][0], large[name][1], large[name][2]
        equal &= q_small == q_large
        print(f"  {name:<26}{q_small:>14}{q_large:>13}{p50:>9.1f}{p95:>9.1f}{p95 / base:>16.1f}")
    print("  queries constant as data grows: " + ("yes" if equal else "NO"))

    # a 10,000-row CSV: 40 indicators x 250 neighbourhood/year combinations, semicolons and decimal commas
    lines = ["indicator;jaar;waarde;gemeente;uitsplitsing"]
    for indicator in indicators[:40]:
        for wijk in range(25):
            for year in YEARS:
                value = f"{rng.uniform(1, 99):.2f}".replace(".", ",")
                lines.append(f"{indicator.code};{year};{value};GM0344;Wijk {wijk + 1}")
    content = ("\n".join(lines) + "\n").encode("utf-8")
    started = time.perf_counter()
    upload = services.upload_check(municipality=utrecht, user=coordinator, upload=SimpleUploadedFile("bench.csv", content, content_type="text/csv"))
    checked = time.perf_counter() - started
    assert upload.status == "ready", upload.problems[:3]
    started = time.perf_counter()
    services.upload_confirm(municipality=utrecht, upload_id=upload.pk)
    imported = time.perf_counter() - started
    print(
        f"  import of a 10,000-row CSV ({len(content) / 1024:.0f} KB): check and preview {checked:.2f} s, confirm (write) {imported:.2f} s, total {checked + imported:.2f} s"
    )

    from apps.monitor.vlr import default_texts

    review = Review.objects.create(municipality=utrecht, language="nl", year=2026, **default_texts(municipality=utrecht, language="nl", year=2026))
    started = time.perf_counter()
    review = services.review_render_pdf(review_id=review.pk)
    typeset = time.perf_counter() - started
    print(f"  VLR PDF with {INDICATORS} indicators (task work): {typeset:.1f} s, {review.pdf.size / 1024:.0f} KB")
    tmp.cleanup()
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
