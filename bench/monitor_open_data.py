#!/usr/bin/env python
"""Monitor open data (issue 22): loading every shipped open-data set for all 342 municipalities
(seconds, CPU seconds, peak Python memory, peak RSS), then the public monitor page with those real
figures for municipalities with few and with many values: CPU ms per request (p50 over 30), the ratio
to a bare Django page measured the same way in the same process, and the queries per page (must be
equal for every municipality).

    .venv/bin/python bench/monitor_open_data.py

In-process (Django's test client) on a throwaway SQLite database in a temporary directory."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = 30
PLACES = ["vlieland", "voorne-aan-zee", "utrecht", "amsterdam", "dijk-en-waard"]


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-open-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from apps.goals.services import goals_load
    from apps.monitor.open_loader import open_data_load_all
    from apps.municipalities.services import municipalities_load, reorganisations_load

    goals_load()
    municipalities_load()
    reorganisations_load()  # load_reference_data without the open data, which is measured here

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    reports = open_data_load_all()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("Loading every open-data set for all municipalities")
    for r in reports:
        print(
            f"  {r.dataset}: {r.rows_read} rows read, {r.rows_matched} matched, {r.rows_refused} refused, {r.values} values, {r.municipalities} municipalities, years {r.years[0]}-{r.years[-1]}"
        )
    print(
        f"  total {sum(r.values for r in reports)} values: {wall:.1f} s wall, {cpu:.1f} s CPU (with tracemalloc on), peak Python memory {peak / 1e6:.1f} MB, peak RSS {rss_after / 1024:.0f} MB (before {rss_before / 1024:.0f} MB)"
    )

    # the yardstick: a bare view through the same test client and middleware-free call path
    from django.urls import clear_url_caches, path

    import config.urls as urls

    urls.urlpatterns.append(path("__bare__/", lambda request: HttpResponse("<!doctype html><title>bare</title><p>bare</p>")))
    clear_url_caches()
    client = Client()

    def cpu_ms(url: str) -> tuple[float, int, int]:
        client.get(url)  # warm-up
        times = []
        for _ in range(SAMPLES):
            start = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return statistics.median(times), len(queries), len(response.content)

    bare, _q, _size = cpu_ms("/__bare__/")
    from django.core.cache import cache

    print(f"\nPublic monitor page with real data (CPU ms per request, p50 of {SAMPLES}); bare page {bare:.2f} ms")
    counts = set()
    for slug in PLACES:
        cold = []
        for _ in range(5):  # without the cached open-data part
            cache.clear()
            start = time.process_time()
            client.get(f"/monitor/{slug}/")
            cold.append((time.process_time() - start) * 1000)
        cache.clear()
        with CaptureQueriesContext(connection) as first:
            client.get(f"/monitor/{slug}/")
        uncached_queries = len(first)  # now: the query log is a bounded deque that later requests rotate
        ms, queries, size = cpu_ms(f"/monitor/{slug}/")
        counts.add((uncached_queries, queries))
        cold_ms = statistics.median(cold)
        print(
            f"  /monitor/{slug}/: cached {ms:.1f} ms CPU ({ms / bare:.0f}x bare), uncached {cold_ms:.1f} ms CPU ({cold_ms / bare:.0f}x bare); "
            f"queries uncached {uncached_queries}, cached {queries}; {size / 1024:.0f} KiB"
        )
    print(f"  queries constant across municipalities: {'yes' if len(counts) == 1 else 'NO ' + str(sorted(counts))}")
    tmp.cleanup()
    return 0 if len(counts) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
