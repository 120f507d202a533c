#!/usr/bin/env python
"""Bulk load of the CBS Iv3 budgets (issue 18): all 342 municipalities of one year, on SQLite and,
when BENCH_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432/bench_budget), on PostgreSQL:
seconds (parse and write), peak Python memory (tracemalloc), queries, and a second load of the same
file (idempotent: nothing written).

    .venv/bin/python bench/budget_cbs.py [year]

Each database is a throwaway one (SQLite in a temporary directory; the PostgreSQL database is created
by Django's test runner machinery and dropped at the end)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run(year: int) -> dict:
    import gzip

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.budget import services

    data = gzip.decompress(services.cbs_file(year).read_bytes())
    result = {}
    for label in ("first load", "same file again"):
        tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            per_municipality, report = services.cbs_parse(data=data, year=year, filename=f"{year}.csv")
            parsed = time.perf_counter()
            services._cbs_write(per_municipality, year=year, version="primitive", filename=f"{year}.csv", report=report, progress=None)
        done = time.perf_counter()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result[label] = {
            "seconds": round(done - started, 1),
            "parse": round(parsed - started, 1),
            "write": round(done - parsed, 1),
            "peak_mb": round(peak / 1024 / 1024),
            "queries": len(queries),
            "municipalities": report["municipalities"],
            "written": report["created"] + report["replaced"],
            "unchanged": report["unchanged"],
            "lines": report["lines"],
        }
    return result


def main() -> int:
    year = int(sys.argv[1]) if len(sys.argv) > 1 else 2025
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-cbs-")
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": postgres or f"sqlite:///{tmp.name}/bench.sqlite3"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    creation = None
    if postgres:
        creation = connection.creation
        old_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    result = run(year)
    engine = connection.vendor
    for label, figures in result.items():
        print(f"CBS {year} on {engine}, {label}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    if creation is not None:
        creation.destroy_test_db(old_name, verbosity=0)
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
