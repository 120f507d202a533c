#!/usr/bin/env python
"""Search figures (issue 21), per database: the judged query set (apps/search/evaluation/queries.yaml)
on the demo content, then again with the Menukaart grown to 2,000 formats and 20,000 activities:
zero-result rate, recall@5, mean reciprocal rank, and p50/p95 latency of one client (the engine
call, and the /zoeken/ page through Django's test client), each over ROUNDS rounds of the set.

    .venv/bin/python bench/search.py                  # SQLite and PostgreSQL (exit 1 when PostgreSQL does not answer)
    BENCH_POSTGRES_URL=postgres://user@host:5432/postgres .venv/bin/python bench/search.py

Each database runs in a child process on a throwaway database (a SQLite file in a temporary
directory; a PostgreSQL database bench_search_<pid>, dropped at the end). Targets: zero-result rate
under 3 %, recall@5 >= 0.9 on both databases with the same figures, p95 under 100 ms. The exit code
is 1 when a target is missed."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMATS, ACTIVITIES, ROUNDS = 2000, 20000, 3

# Filler formats are made of the same municipal vocabulary as the real ones, so they compete.
THEMES = [
    "energie", "klimaat", "armoede", "jongeren", "ouderen", "wijk", "school", "inkoop", "raad", "begroting", "water", "natuur", "afval",
    "gezondheid", "sport", "cultuur", "wonen", "werk", "mobiliteit", "voedsel", "duurzaamheid", "inclusie", "veiligheid", "onderwijs",
]  # fmt: skip
FORMS = [
    "Bijeenkomst over {t}",
    "Campagne {t} en {u}",
    "{T}-project in de buurt",
    "Werkgroep {t}",
    "Netwerk voor {t} en {u}",
    "{T}-markt",
    "Cursus {t}",
]
SUMMARIES = [
    "Inwoners, scholen en ondernemers werken samen aan {t} en {u} in de gemeente.",
    "Een activiteit rond {t}, met partners uit de wijk en aandacht voor {u}.",
    "Een plan voor {t}: de gemeente brengt organisaties bij elkaar en deelt de resultaten.",
]


def load_content() -> None:
    """The demo content the judged set was written for (migrations already applied)."""
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    from apps.core.demo import demo_load
    from apps.knowledge.demo import load_demo as knowledge_demo
    from apps.menukaart.demo import load_demo as menukaart_demo
    from apps.programmes.demo import load_demo as programmes_demo

    demo_load(password="", members=20)
    for loader in (menukaart_demo, programmes_demo, knowledge_demo):
        loader(password="")


def grow() -> None:
    """The Menukaart grown to FORMATS formats (filler formats) and ACTIVITIES activities."""
    from apps.goals.models import Goal
    from apps.membership.models import Membership
    from apps.menukaart.models import ActionFormat, Activity, Category

    rng = random.Random(21)
    categories = list(Category.objects.all())
    goals = list(Goal.objects.values_list("pk", flat=True))
    have = ActionFormat.objects.count()
    new = []
    for i in range(have, FORMATS):
        t, u = rng.sample(THEMES, 2)
        new.append(
            ActionFormat(
                slug=f"bench-{i}",
                category=categories[i % len(categories)],
                title_nl=rng.choice(FORMS).format(t=t, u=u, T=t.capitalize()) + f" {i}",
                title_en=f"Format {i}",
                summary_nl=rng.choice(SUMMARIES).format(t=t, u=u),
                summary_en="An activity with residents.",
                audience="residents",
                effort="low",
                cost="low",
            )  # fmt: skip
        )
    ActionFormat.objects.bulk_create(new, batch_size=1000)
    through = ActionFormat.goals.through
    through.objects.bulk_create([through(actionformat_id=f.pk, goal_id=g) for f in new for g in rng.sample(goals, 3)], batch_size=5000)
    all_formats = list(ActionFormat.objects.values_list("pk", flat=True))
    members = list(Membership.objects.values_list("municipality_id", flat=True))
    have = Activity.objects.count()
    Activity.objects.bulk_create(
        (
            Activity(municipality_id=members[i % len(members)], action_format_id=rng.choice(all_formats), title=f"Activiteit {i}", status="done")
            for i in range(have, ACTIVITIES)
        ),
        batch_size=5000,
    )


def measure(label: str, queries: list[dict], independent: list[dict], evaluator: list[dict], client) -> dict:
    from apps.menukaart.models import ActionFormat, Activity
    from apps.search.engine import search
    from apps.search.evaluation import evaluate
    from apps.search.index import rebuild_index

    started = time.perf_counter()
    counts = rebuild_index()
    build = time.perf_counter() - started
    evaluate(queries[:10])  # warm-up: classifier tables, vocabulary
    figures = evaluate(queries)
    other = evaluate(independent)
    third = evaluate(evaluator)
    times = []
    for _ in range(ROUNDS):
        for item in queries:
            t = time.perf_counter()
            search(item["q"])
            times.append((time.perf_counter() - t) * 1000)
    for item in queries[:10]:  # warm-up: templates, translation catalogues, URL resolvers
        client.get("/zoeken/", {"q": item["q"]})
    page = []
    for _ in range(ROUNDS):
        for item in queries:
            t = time.perf_counter()
            assert client.get("/zoeken/", {"q": item["q"]}).status_code == 200
            page.append((time.perf_counter() - t) * 1000)
    times.sort(), page.sort()
    return {
        "label": label, "documents": sum(counts.values()), "formats": ActionFormat.objects.filter(published=True).count(), "activities": Activity.objects.count(),
        "build_s": build, "queries": figures.queries, "zero_rate": figures.zero_rate, "recall": figures.recall_at_5, "mrr": figures.mrr,
        "p50": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1], "page_p95": page[int(0.95 * len(page)) - 1], "misses": figures.misses,
        "independent": {"queries": other.queries, "zero_rate": other.zero_rate, "recall": other.recall_at_5, "mrr": other.mrr, "misses": other.misses},
        "evaluator": {"queries": third.queries, "zero_rate": third.zero_rate, "recall": third.recall_at_5, "mrr": third.mrr, "misses": third.misses},
    }  # fmt: skip


def child(database_url: str) -> dict:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url})
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.search.evaluation import EVALUATOR, INDEPENDENT, load_queries

    call_command("migrate", verbosity=0)
    load_content()
    queries, independent, evaluator, client = load_queries(), load_queries(INDEPENDENT), load_queries(EVALUATOR), Client()
    results = [measure("demo content", queries, independent, evaluator, client)]
    grow()
    results.append(measure(f"{FORMATS:,} formats, {ACTIVITIES:,} activities", queries, independent, evaluator, client))
    return {"database": connection.vendor, "results": results}


def run_child(url: str) -> dict | None:
    proc = subprocess.run([sys.executable, __file__, "--child", url], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def postgres_database(admin_url: str):
    """A throwaway database on the PostgreSQL server of ``admin_url``; None when it does not answer."""
    try:
        import psycopg

        name = f"bench_search_{os.getpid()}"
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return name, admin_url.rsplit("/", 1)[0] + f"/{name}"
    except Exception as error:  # noqa: BLE001 - no server: SQLite only, said so
        print(f"PostgreSQL not measured: {error}", file=sys.stderr)
        return None


def drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-search-")
    runs = [run_child(f"sqlite:///{tmp.name}/bench.sqlite3")]
    admin = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    pg = postgres_database(admin)
    if pg:
        try:
            runs.append(run_child(pg[1]))
        finally:
            drop_postgres(admin, pg[0])
    tmp.cleanup()
    ok = True
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Search (issue 21): judged query set, {time.strftime('%Y-%m-%d %H:%M')}; load average {load} on {os.cpu_count()} cores (latencies are wall-clock)"
    )
    print(
        f"  {'database':<11}{'content':<32}{'docs':>6}{'queries':>8}{'zero %':>8}{'recall@5':>10}{'MRR':>7}{'p50 ms':>8}{'p95 ms':>8}{'page p95':>10}{'build s':>9}"
    )
    for run in runs:
        if run is None:
            ok = False
            continue
        for r in run["results"]:
            print(
                f"  {run['database']:<11}{r['label']:<32}{r['documents']:>6}{r['queries']:>8}{100 * r['zero_rate']:>8.1f}{r['recall']:>10.3f}{r['mrr']:>7.3f}"
                f"{r['p50']:>8.1f}{r['p95']:>8.1f}{r['page_p95']:>10.1f}{r['build_s']:>9.1f}"
            )
            ok &= r["zero_rate"] < 0.03 and r["recall"] >= 0.9 and r["p95"] < 100 and r["page_p95"] < 100
    print("  second query set (apps/search/evaluation/independent.yaml, not tuned on):")
    for run in runs:
        for r in run["results"] if run else ():
            i = r["independent"]
            print(f"  {run['database']:<11}{r['label']:<32}{'':>6}{i['queries']:>8}{100 * i['zero_rate']:>8.1f}{i['recall']:>10.3f}{i['mrr']:>7.3f}")
    print("  third query set (apps/search/evaluation/evaluator.yaml, by an evaluator who never saw the search code; not tuned on):")
    for run in runs:
        for r in run["results"] if run else ():
            i = r["evaluator"]
            print(f"  {run['database']:<11}{r['label']:<32}{'':>6}{i['queries']:>8}{100 * i['zero_rate']:>8.1f}{i['recall']:>10.3f}{i['mrr']:>7.3f}")
    for run in runs:
        if run:
            for q, missing in run["results"][-1]["misses"]:
                print(f"  missed on {run['database']} at full size: {q!r} -> {', '.join(missing)}")
            for q, missing in run["results"][-1]["independent"]["misses"]:
                print(f"  missed on {run['database']} at full size (second set): {q!r} -> {', '.join(missing)}")
    if sum(1 for run in runs if run) < 2:
        ok = False
        print("  PostgreSQL was not measured: both databases are required")
    same = len({(round(r["results"][-1]["recall"], 3), round(r["results"][-1]["mrr"], 3)) for r in runs if r}) == 1
    print(
        "  targets (zero < 3 %, recall@5 >= 0.9, engine and page p95 < 100 ms): "
        + ("met" if ok else "NOT met")
        + "; same figures on every database: "
        + ("yes" if same else "NO")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):  # demo loaders print task progress
            out = child(sys.argv[2])
        print(json.dumps(out))
        sys.exit(0)
    sys.exit(main())
