#!/usr/bin/env python
"""Budget figures (issue 10): the time to import (check, preview, confirm) a budget of 5,000 lines
from CSV and from XLSX, and the public budget page and a goal page of a municipality with ten years
of budgets (two versions a year) among 40 peers of its size: p50/p95 over 40 requests, queries per
page with one year and with ten (must be equal), and the ratio to /healthz in the same process.

    .venv/bin/python bench/budget.py

In-process (Django's test client, DEBUG off) on a throwaway SQLite database, removed at the end."""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LINES, YEARS, PEERS, SAMPLES = 5000, 10, 40, 40


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-budget-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3"})
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from apps.budget import services
    from apps.budget.models import Budget, Taakveld, Version
    from apps.membership.models import Membership
    from apps.municipalities.models import Municipality

    services.reference_load()
    codes = list(Taakveld.objects.values_list("code", flat=True))
    target = Municipality.objects.get(cbs_code="GM0268")  # Nijmegen, size class 4 (100,000-250,000)
    peers = list(Municipality.objects.current().filter(size_class=target.size_class).exclude(pk=target.pk).order_by("cbs_code")[:PEERS])
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in [target, *peers])

    def rows(n: int, year: int, point=".") -> list[str]:
        return [
            f"{codes[i % len(codes)]};Programma {i // len(codes)};Regel {i};{1000 + (i * 37) % 90000}{point}{i % 100:02d};{i % 500}" for i in range(n)
        ]

    # import of a 5,000-line budget: CSV (semicolons, Dutch decimals) and XLSX
    csv_data = ("taakveld;programma;omschrijving;lasten;baten\n" + "\n".join(rows(LINES, 2026, ","))).encode()
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["taakveld", "programma", "omschrijving", "lasten", "baten"])
    for line in rows(LINES, 2026):
        code, programme, label, lasten, baten = line.split(";")
        sheet.append([code, programme, label, float(lasten), int(baten)])
    out = io.BytesIO()
    workbook.save(out)
    timings = {}
    for name, filename, data, version in [
        ("CSV", "begroting.csv", csv_data, Version.PRIMITIVE),
        ("XLSX", "begroting.xlsx", out.getvalue(), Version.ACCOUNTS),
    ]:
        started = time.perf_counter()
        budget_import = services.import_from_upload(
            municipality=target, user=None, year=2026, version=version, number=0, upload=SimpleUploadedFile(filename, data)
        )
        checked = time.perf_counter()
        assert not budget_import.problems, budget_import.problems[:3]
        if os.environ.get("BENCH_PROFILE") == "import":
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        budget = services.import_confirm(budget_import=budget_import, user=None)
        done = time.perf_counter()
        if os.environ.get("BENCH_PROFILE") == "import":
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        assert budget.lines.count() == LINES
        timings[name] = (checked - started, done - checked)
    Budget.objects.filter(municipality=target).delete()

    # ten years of budgets (original budget and annual accounts) for the target, three years for the peers
    client = Client()
    services.cbs_load_year(year=2025)  # the real budgets of every municipality, the peers among them

    def add_years(years: range):
        services.reference_load()  # keeps the key loaded
        for year in years:
            for version in (Version.PRIMITIVE, Version.ACCOUNTS):
                table = [f"{code};P;{2000 + i * 13 + year}" for i, code in enumerate(codes)]
                budget_import = services.import_prepare(
                    municipality=target,
                    user=None,
                    year=year,
                    version=version,
                    sheet=services.import_read(name="b.csv", data=("taakveld;programma;lasten\n" + "\n".join(table)).encode()),
                )
                services.import_confirm(budget_import=budget_import, user=None)

    pages = [
        ("budget page", f"/begroting/{target.slug}/"),
        ("budget page, not cached", f"/begroting/{target.slug}/?nocache"),
        ("goal page (13)", f"/begroting/{target.slug}/doel/13/"),
        ("API list", f"/api/v1/budgets?municipality={target.cbs_code}"),
        ("baseline /healthz", "/healthz"),
    ]

    def measure():
        result = {}
        for name, url in pages:
            client.get(url)
            count = [0]

            def counter(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            if "not cached" in name:
                cache.clear()
            with connections["default"].execute_wrapper(counter):
                assert client.get(url).status_code == 200, url
            times = []
            for _ in range(SAMPLES):
                if "not cached" in name:
                    cache.clear()
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            result[name] = (count[0], statistics.median(times), times[int(0.95 * SAMPLES) - 1])
        return result

    add_years(range(2026, 2027))
    small = measure()
    add_years(range(2017, 2026))
    large = measure()
    import cProfile
    import pstats

    if os.environ.get("BENCH_PROFILE"):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(pages[0][1])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    print(f"Budget import of {LINES:,} lines (check + preview, confirm + totals per goal):")
    for name, (check, confirm) in timings.items():
        print(f"  {name:<6} check {check:6.2f} s   confirm {confirm:6.2f} s   total {check + confirm:6.2f} s")
    print(f"Budget pages of a municipality with {YEARS} years x 2 versions of {len(codes)} lines, {len(peers)} peers with 3 years each")
    print(f"  {'page':<26}{'queries 1 yr':>13}{'queries 10 yr':>14}{'p50 ms':>9}{'p95 ms':>9}{'p95 / baseline':>16}")
    base = large["baseline /healthz"][2]
    equal = True
    for name, _url in pages:
        q_small, q_large, p50, p95 = small[name][0], large[name][0], large[name][1], large[name][2]
        equal &= q_small == q_large
        print(f"  {name:<26}{q_small:>13}{q_large:>14}{p50:>9.1f}{p95:>9.1f}{p95 / base:>16.1f}")
    print("  queries constant as data grows: " + ("yes" if equal else "NO"))
    tmp.cleanup()
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
