#!/usr/bin/env python
"""CPU per request of a cold render (page cache off), in-process, one page at a time, and where it goes.

Runs against a database prepared like bench/run.py does (migrate, load_reference_data,
load_demo --members 90), with the environment bench/run.py gives the site (DATABASE_URL,
DJANGO_SETTINGS_MODULE=bench.settings, DJANGO_DEBUG=false, ...). The page cache is switched off
(PAGE_CACHE=false) so that every request renders. Each page is requested through Django's WSGI
handler (as gunicorn calls it, without the network): a few requests to warm up, then --repeat
requests timed with the process CPU clock (time.process_time). Single-threaded, so the figure is
the CPU of the render itself, without waiting for the CPU; other work on the machine still inflates
it (shared caches and cores: 20-40 % on this 2-core machine under load), hence the ``x floor``
column, the page's CPU over that of ``/healthz`` measured in the same run.

    .venv/bin/python bench/coldrender.py                        # CPU ms per page (median of 5 rounds)
    .venv/bin/python bench/coldrender.py --profile profile      # + the top functions of one page (cProfile)
    .venv/bin/python bench/coldrender.py --prepare /tmp/db      # first build the database in /tmp/db
    .venv/bin/python bench/coldrender.py --dump /tmp/html       # write every page's HTML (compare before/after)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import LOGGED_IN, PAGES  # noqa: E402

# Public pages beyond the load benchmark's: the targets name them too.
EXTRA = [("goal", "/doelen/3/")]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the median is printed")
    parser.add_argument("--only", default="", help="pages whose name starts with this")
    parser.add_argument("--profile", default="", help="cProfile this page (name) and print the top functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--top", type=int, default=45, help="functions printed with --profile")
    parser.add_argument("--prepare", default="", help="build a demo database in this directory first (and use it)")
    parser.add_argument("--members", type=int, default=90)
    parser.add_argument("--dump", default="", help="write each page's HTML to this directory (to compare before/after) and stop")
    return parser.parse_args(argv)


def prepare(directory: Path, members: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["CACHE_DIR"] = str(directory / "cache")
    os.environ["BENCH_STATIC_ROOT"] = str(directory / "static")
    manage = [sys.executable, str(ROOT / "manage.py")]
    for cmd in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_reference_data"],
        ["load_demo", "--members", str(members)],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        subprocess.run([*manage, *cmd], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)  # noqa: S603


def environ(path: str, cookie: str) -> dict:
    path_info, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "application/json" if path.startswith("/api/") else "text/html",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.prepare:
        prepare(Path(args.prepare), args.members)
    os.environ["PAGE_CACHE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from apps.core.demo import DEMO_COORDINATOR, DEMO_TEAM

    handler = WSGIHandler()
    cookies = {"visitor": ""}
    for role, email in (("coordinator", DEMO_COORDINATOR), ("team", DEMO_TEAM)):
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = [("floor: /healthz", "/healthz", "visitor")] + [(name, path, "visitor") for name, path in PAGES + EXTRA] + list(LOGGED_IN)
    pages = [p for p in pages if p[0].startswith(("floor", args.only)) and (not args.profile or p[0] == args.profile)]
    if not pages:
        raise SystemExit("no such page")

    def call(path, cookie):
        status = []
        body = b"".join(handler(environ(path, cookie), lambda s, h, exc=None: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")
        return body

    for _, path, role in pages:
        for _ in range(3):
            call(path, cookies[role])
    if args.dump:
        directory = Path(args.dump)
        directory.mkdir(parents=True, exist_ok=True)
        for name, path, role in pages:
            (directory / (name.replace(" ", "_").replace(":", "").replace("/", "_") + ".html")).write_bytes(call(path, cookies[role]))
        return 0
    if args.profile:
        import cProfile
        import pstats

        name, path, role = pages[0]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            call(path, cookies[role])
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
        return 0
    results = {name: [] for name, _, _ in pages}
    for _ in range(args.rounds):
        for name, path, role in pages:
            cookie = cookies[role]
            started = time.process_time()
            for _ in range(args.repeat):
                call(path, cookie)
            results[name].append((time.process_time() - started) * 1000 / args.repeat)
    print(f"CPU ms per request, cold render (page cache off), in-process, median of {args.rounds} rounds of {args.repeat}")
    floor = statistics.median(results[pages[0][0]]) if not args.profile else 0
    print("  (x floor: the page's CPU over that of /healthz, every middleware and one query, in the same run; steadier than ms on a busy machine)")
    for name, path, role in pages:
        values = results[name]
        print(f"  {statistics.median(values) / floor:5.1f} x floor", end="")
        print(f"  {name + (' (logged in)' if role != 'visitor' else ''):<32} {path:<52} {statistics.median(values):7.2f}   (min {min(values):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
