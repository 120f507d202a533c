#!/usr/bin/env python
"""Worker throughput on the production stack: 50 Beleidsscan scans (the heaviest background task)
processed by 1, 2 and 4 ``db_worker`` processes on PostgreSQL, through ``manage.py scan --workers N``
(the same task code and queue the site uses). Prints scans per second per worker count and appends
the table to bench/results/.

    .venv/bin/python bench/workers.py [--scans 50] [--workers 1,2,4]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust); skipped with a message otherwise. A
throwaway database is created and dropped (``BENCH_PG_DATABASE=<name>``: use that existing database
instead, migrated and kept); the documents are generated HTML of about three pages."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.policyscan_speed import HEADINGS, SENTENCES  # noqa: E402


def document(number: int) -> str:
    rng = random.Random(number)
    chapters = []
    for chapter in range(1, 6):
        paragraphs = "".join("<p>" + " ".join(rng.sample(SENTENCES, rng.randint(3, 6))) + "</p>" for _ in range(rng.randint(4, 7)))
        chapters.append(f"<h2>{chapter}. {rng.choice(HEADINGS)}</h2>{paragraphs}")
    return f"<html lang='nl'><head><meta charset='utf-8'><title>Nota {number}</title></head><body><h1>Nota {number}</h1>{''.join(chapters)}</body></html>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=50)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.settimeout(1)
        if sock.connect_ex(("127.0.0.1", 5432)) != 0:
            print("Worker throughput: skipped, PostgreSQL does not answer on 127.0.0.1:5432")
            return 0
    import psycopg

    # BENCH_PG_DATABASE: an existing database of one's own (a worktree's lane), migrated and kept;
    # otherwise a throwaway database is created and dropped.
    own = os.environ.get("BENCH_PG_DATABASE", "")
    database = own or f"ggg_bench_workers_{secrets.token_hex(4)}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    tmp = Path(tempfile.mkdtemp(prefix="ggg-bench-workers-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_DIR": str(tmp / "cache"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    rows = []
    try:
        if not own:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
        print(f"Worker throughput: preparing PostgreSQL database {database}")
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "load_reference_data"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        files = []
        for number in range(1, args.scans + 1):
            path = tmp / f"nota-{number:02d}.html"
            path.write_text(document(number), encoding="utf-8")
            files.append(str(path))
        for workers in [int(w) for w in args.workers.split(",")]:
            started = time.perf_counter()
            subprocess.run(
                [*manage, "scan", *files, "--workers", str(workers), "--json", str(tmp / f"batch-{workers}.json")],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            seconds = time.perf_counter() - started
            batch = json.loads((tmp / f"batch-{workers}.json").read_text())
            done = sum(1 for d in batch["documents"] if d["status"] == "done")
            rows.append((workers, done, seconds))
            print(f"  {workers} worker(s): {done}/{len(files)} scans done in {seconds:.1f} s", flush=True)
    finally:
        if not own:
            with contextlib.suppress(Exception), psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "",
        f"Worker throughput: {args.scans} Beleidsscan scans on PostgreSQL (manage.py scan --workers N; wall time includes starting the workers)",
        f"  {'db_worker processes':<22}{'done':>6}{'seconds':>10}{'scans/s':>10}{'speed-up':>10}",
    ]
    base = rows[0][2] if rows else 0
    for workers, done, seconds in rows:
        lines.append(f"  {workers:<22}{done:>6}{seconds:>10.1f}{done / seconds:>10.2f}{base / seconds:>10.2f}")
    lines.append(f"  ({os.cpu_count()} CPU cores on this machine: more workers than cores add nothing but start-up time)")
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"workers-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.txt").write_text(text + "\n")
    return 0 if all(done == args.scans for _, done, _ in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
