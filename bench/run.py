#!/usr/bin/env python
"""Load benchmark of the public pages with the production server (gunicorn), against a bare Django
page as the yardstick, plus the number of database queries per page. See bench/README.md.

    make bench                                   # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --duration 5   # shorter runs

Everything happens in a temporary directory (SQLite database, collected static files, server
logs) that is removed at the end, also after an error or Ctrl-C; the servers are stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("home", "/"),
    ("member list", "/gemeenten/"),
    ("profile", "/gemeenten/utrecht/"),
    ("map", "/kaart/"),
    ("goals", "/doelen/"),
    ("Menukaart", "/menukaart/"),
    ("knowledge base", "/kennisbank/"),
    ("API members", "/api/v1/municipalities?member=true&pageSize=100"),
    ("API targets", "/api/v1/targets?pageSize=100"),
    ("API action formats", "/api/v1/action-formats?pageSize=100"),
    ("API activities", "/api/v1/activities?pageSize=100"),
    ("API practice examples", "/api/v1/practice-examples?pageSize=100"),
]
# Logged-in pages: (name, path, role of the demo account); measured with its session cookie.
LOGGED_IN = [
    ("workspace", "/werkruimte/utrecht/", "coordinator"),
    ("monitor dashboard", "/werkruimte/utrecht/monitor/", "coordinator"),
    ("budget dashboard", "/werkruimte/utrecht/begroting/", "coordinator"),
    ("support queue", "/backoffice/support/supportrequest/", "team"),
]
BARE = ("bare Django page", "/")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite (file cache) and/or postgres (PostgreSQL + Redis, when they answer)")
    parser.add_argument("--pg-workers", type=int, default=4, help="gunicorn worker processes on PostgreSQL + Redis")
    parser.add_argument("--skip-logged-in", action="store_true", help="no rows for the logged-in pages")
    parser.add_argument("--duration", type=float, default=5, help="measured seconds per URL (and per bare-page run)")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of load before each measurement, not counted")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (keep-alive connections)")
    parser.add_argument("--members", type=int, default=90, help="member municipalities in the load-test database (load_demo --members)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"], help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--query-members", default="10,340", help="member counts at which the queries per page are counted")
    parser.add_argument("--skip-queries", action="store_true", help="do not count queries per page")
    parser.add_argument("--skip-load", action="store_true", help="only count queries per page (no servers, no load)")
    parser.add_argument("--only", default="", help="load only the pages whose name starts with this (e.g. API), a short run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs) and print its path")
    return parser.parse_args(argv)


# --- processes and clean-up ------------------------------------------------------------------------


class Interrupted(BaseException):
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so that every `finally` runs."""


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


class Servers:
    """Servers started by the benchmark, each in its own process group, and stopped by that id."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self, cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT)  # gunicorn: quick shutdown of arbiter and workers
        deadline = time.monotonic() + 10
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            # The group is the server's own (start_new_session): its arbiter and workers, nothing else.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            if proc.poll() is None:
                proc.wait(timeout=5)
        self.procs.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(title: str, cmd: list[str], env: dict, log: Path) -> str:
    started = time.monotonic()
    print(f"  {title} ...", end="", flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    log.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        print(" failed")
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"{shlex.join(cmd)} failed with exit code {result.returncode}")
    print(f" {time.monotonic() - started:.1f} s", flush=True)
    return result.stdout


def wait_ready(proc: subprocess.Popen, port: int, path: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = asyncio.run(fetch_once(port, path))
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise SystemExit(f"http://127.0.0.1:{port}{path} answered {status}:\n{log.read_text()[-3000:]}")
    raise SystemExit(f"server on port {port} not ready after {timeout} s:\n{log.read_text()[-3000:]}")


# --- HTTP/1.1 load generator -----------------------------------------------------------------------


def request_bytes(port: int, path: str, cookie: str = "") -> bytes:
    accept = "application/json" if path.startswith("/api/") else "text/html"
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: ggg-bench\r\nAccept: {accept}\r\nAccept-Encoding: identity\r\n{cookie_line}\r\n"
    ).encode()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool, int]:
    """Read one response; return (status, connection reusable, body bytes)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    version, status = lines[0].split(b" ", 2)[:2]
    keep_alive = version == b"HTTP/1.1"
    length = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        value = value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            keep_alive = value == b"keep-alive" or (keep_alive and value != b"close")
    size = 0
    if chunked:
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if chunk == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                break
            await reader.readexactly(chunk + 2)
            size += chunk
    elif length is not None:
        await reader.readexactly(length)
        size = length
    else:  # body ends with the connection
        size = len(await reader.read())
        keep_alive = False
    return int(status), keep_alive, size


async def fetch_once(port: int, path: str, cookie: str = "") -> tuple[int, bool, int]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request_bytes(port, path, cookie))
        return await asyncio.wait_for(read_response(reader), 30)
    finally:
        writer.close()


@dataclass
class Result:
    label: str
    path: str
    duration: float
    latencies: list = field(default_factory=list)
    cookie: str = ""  # a logged-in user's session cookie ("name=value"), empty for a visitor
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    connections: int = 0
    size: int = 0
    client_cpu: float = 0.0  # share of one core the load generator used while measuring
    server_cpu: float | None = None  # CPU seconds the server's processes used while measuring

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per answered request (all workers together)."""
        if self.server_cpu is None or not self.latencies:
            return float("nan")
        return self.server_cpu / len(self.latencies) * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.duration

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


async def _client(port: int, path: str, measure_from: float, measure_to: float, result: Result) -> None:
    request = request_bytes(port, path, result.cookie)
    reader = writer = None
    loop = asyncio.get_running_loop()
    while loop.time() < measure_to:
        started = loop.time()
        for attempt in (1, 2):
            fresh = writer is None
            try:
                if fresh:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    result.connections += 1
                writer.write(request)
                status, keep_alive, size = await asyncio.wait_for(read_response(reader), 30)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                if writer is not None:
                    writer.close()
                reader = writer = None
                if not fresh and attempt == 1 and not isinstance(exc, TimeoutError):
                    continue  # the server closed a kept-alive connection: retry once on a new one
                if measure_from <= loop.time() <= measure_to:
                    result.errors += 1
                    key = type(exc).__name__
                    result.statuses[key] = result.statuses.get(key, 0) + 1
                await asyncio.sleep(0.05)
                break
            finished = loop.time()
            if measure_from <= finished <= measure_to:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == 200:
                    result.latencies.append(finished - started)
                    result.size = size
                else:
                    result.errors += 1
            if not keep_alive:
                writer.close()
                reader = writer = None
            break
    if writer is not None:
        writer.close()


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by a gunicorn arbiter and its workers; None without /proc."""
    pids = {pid}
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids.update(int(child) for child in (task / "children").read_text().split())
    except OSError:
        return None
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker that just exited
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


async def _sample_cpu(server_pid: int, measure_from: float, measure_to: float, result: Result) -> None:
    """CPU time of the server processes and of this load generator during the measured window."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(measure_from - loop.time())
    server, client = server_cpu_seconds(server_pid), time.process_time()
    await asyncio.sleep(measure_to - loop.time())
    server_end, client_end = server_cpu_seconds(server_pid), time.process_time()
    result.client_cpu = (client_end - client) / result.duration
    if server is not None and server_end is not None:
        result.server_cpu = server_end - server


async def _load(port: int, server_pid: int, path: str, clients: int, warmup: float, duration: float, result: Result) -> None:
    loop = asyncio.get_running_loop()
    measure_from = loop.time() + warmup
    measure_to = measure_from + duration
    tasks = [asyncio.create_task(_client(port, path, measure_from, measure_to, result)) for _ in range(clients)]
    tasks.append(asyncio.create_task(_sample_cpu(server_pid, measure_from, measure_to, result)))
    done, pending = await asyncio.wait(tasks, timeout=warmup + duration + 35)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            raise task.exception()


def load(label: str, server: tuple[int, int], path: str, args, cookie: str = "") -> Result:
    result = Result(label=label, path=path, duration=args.duration, cookie=cookie)
    port, server_pid = server
    asyncio.run(_load(port, server_pid, path, args.clients, args.warmup, args.duration, result))
    return result


# --- the benchmark ----------------------------------------------------------------------------------

SESSIONS = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from apps.accounts.models import User
from apps.core.demo import DEMO_COORDINATOR, DEMO_TEAM
out = {}
for role, email in (("coordinator", DEMO_COORDINATOR), ("team", DEMO_TEAM)):
    client = Client()
    client.force_login(User.objects.get(email=email))
    out[role] = settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value
print(json.dumps(out))
"""


def answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Backend:
    """SQLite + file cache (what `make run` uses), or PostgreSQL + Redis (production)."""

    def __init__(self, name: str, tmp: Path):
        self.name, self.tmp = name, tmp
        self.token = secrets.token_hex(4)
        # BENCH_PG_DATABASE: a database of your own (dropped and made again, dropped at the end), e.g. one per worktree
        self.database = os.environ.get("BENCH_PG_DATABASE") or f"ggg_bench_{self.token}"
        self.prefix = f"ggg-bench-{self.token}"

    @property
    def title(self) -> str:
        return "SQLite, file cache" if self.name == "sqlite" else "PostgreSQL, Redis"

    def env(self) -> dict:
        if self.name == "sqlite":
            return {"DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite3'}", "REDIS_URL": "", "CACHE_URL": "", "CACHE_DIR": str(self.tmp / "cache")}
        return {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "CACHE_KEY_PREFIX": self.prefix,
            "DATABASE_CONN_MAX_AGE": "600",
        }

    def create(self) -> None:
        if self.name == "postgres":
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                if os.environ.get("BENCH_PG_DATABASE"):
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.database}"')

    def drop(self) -> None:
        if self.name != "postgres":
            return
        import psycopg

        with contextlib.suppress(Exception), psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(self.env()["REDIS_URL"])
            keys = list(client.scan_iter(f"{self.prefix}:*", count=1000))
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])


def production_stack_answers() -> str:
    """'' when PostgreSQL and Redis answer on their usual ports (and the client libraries exist), else why not."""
    if not answers(5432) or not answers(6379):
        return "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) does not answer"
    try:
        import psycopg
        import redis

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
        redis.Redis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"), socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: skip this backend
        return f"PostgreSQL or Redis refused: {exc}"
    return ""


def prepare(backend: Backend, args) -> tuple[dict, Path | None]:
    """Database with reference and demo data, collected static files. Returns the environment for
    the site and (SQLite) the path of a copy of the database with reference data only (for query counts)."""
    tmp = backend.tmp
    tmp.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "DJANGO_DEBUG": "false",
        "BENCH_STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "WARNING",
        "API_PUBLIC_RATE": "100000000/minute",  # the load comes from one address: measure the API, not its limit
        **backend.env(),
    }
    backend.create()
    manage = [sys.executable, "manage.py"]
    print(f"Preparing {backend.title} in {tmp}")
    step("migrate", [*manage, "migrate", "--noinput", "-v", "0"], env, tmp / "migrate.log")
    step("load_reference_data", [*manage, "load_reference_data"], env, tmp / "reference.log")
    reference_only = None
    if backend.name == "sqlite":
        reference_only = tmp / "queries.sqlite3"
        source, target = sqlite3.connect(tmp / "bench.sqlite3"), sqlite3.connect(reference_only)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    step(f"load_demo --members {args.members}", [*manage, "load_demo", "--members", str(args.members)], env, tmp / "demo.log")
    step("collectstatic", [*manage, "collectstatic", "--noinput", "-v", "0"], env, tmp / "collectstatic.log")
    return env, reference_only


def query_counts(env: dict, db: Path, counts: list[int], tmp: Path) -> bool:
    out = step(
        f"queries per page at {' and '.join(map(str, counts))} members",
        [sys.executable, str(ROOT / "bench" / "queries.py"), *map(str, counts)],
        # every section queried (N+1 shows); a cache of its own: the other database's pages must not share entries with it
        {**env, "DATABASE_URL": f"sqlite:///{db}", "PAGE_CACHE": "false", "SECTION_CACHE": "false", "CACHE_DIR": str(tmp / "cache-queries")},
        tmp / "queries.log",
    )
    data = json.loads(out)
    runs = data["runs"]
    heads = [f"{run['members']} members" for run in runs]
    print()
    print("Database queries per page")
    print(f"  {'URL':<30}" + "".join(f"{h:>13}" for h in heads) + "  equal")
    all_equal = True
    for name, url in data["pages"]:
        numbers = [run["pages"][url]["queries"] for run in runs]
        equal = len(set(numbers)) == 1
        all_equal &= equal
        print(f"  {url + ' (' + name + ')':<30}" + "".join(f"{n:>13}" for n in numbers) + f"  {'yes' if equal else 'NO'}")
        for run in runs:
            for sql, times in run["pages"][url]["repeated"].items():
                print(f"      {run['members']} members, {times}x: {sql[:160]}")
    print("  The query count must not grow with the number of members." + ("" if all_equal else "  IT DOES."))
    return all_equal


def gunicorn_args(args, workers: int) -> list[str]:
    common = ["--workers", str(workers), "--worker-class", args.worker_class]
    if args.worker_class == "gthread":
        common += ["--threads", str(args.threads)]
    return [*common, "--log-level", "warning", "--no-control-socket"]


def start_servers(servers: Servers, env: dict, tmp: Path, args, workers: int) -> dict[str, tuple[int, int]]:
    """Start the site with the page cache ("warm"), the site without it ("cold": every request
    renders) and the bare page; return (port, arbiter pid) of each."""
    common = gunicorn_args(args, workers)
    base = int(os.environ.get("BENCH_PORT_BASE", "0"))  # fixed ports base, base+1, base+2 (e.g. a worktree's range); else free ones
    ports = {kind: base + i if base else free_port() for i, kind in enumerate(("warm", "cold", "bare"))}
    app = {"warm": "config.wsgi:application", "cold": "config.wsgi:application", "bare": "bench.bare.wsgi:application"}
    extra = {"warm": {"PAGE_CACHE": "true"}, "cold": {"PAGE_CACHE": "false"}, "bare": {"DJANGO_SETTINGS_MODULE": "bench.bare.settings"}}
    print()
    print("Servers")
    started = {}
    for kind in ("warm", "cold", "bare"):
        cmd = [sys.executable, "-m", "gunicorn", app[kind], "--bind", f"127.0.0.1:{ports[kind]}", *common]
        settings_module = extra[kind].get("DJANGO_SETTINGS_MODULE", "bench.settings")
        flags = " ".join(f"{k}={v}" for k, v in extra[kind].items() if k != "DJANGO_SETTINGS_MODULE")
        print(f"  {kind}: DJANGO_SETTINGS_MODULE={settings_module} {flags} {shlex.join(cmd)}".replace("  ", " ").replace(": ", ":  ", 1))
        started[kind] = servers.start(cmd, {**env, **extra[kind]}, tmp / f"gunicorn-{kind}.log")
    for kind, proc in started.items():
        wait_ready(proc, ports[kind], "/", tmp / f"gunicorn-{kind}.log")
    for kind in ("warm", "cold"):
        for _, path in PAGES:  # every page answers before we load it (and the warm server has it cached)
            status, _, _ = asyncio.run(fetch_once(ports[kind], path))
            if status != 200:
                raise SystemExit(f"{path} answered {status}:\n{(tmp / f'gunicorn-{kind}.log').read_text()[-3000:]}")
    return {kind: (ports[kind], proc.pid) for kind, proc in started.items()}


def sessions(env: dict, tmp: Path) -> dict[str, str]:
    out = step("log in the demo coordinator and campaign team", [sys.executable, "-c", SESSIONS], env, tmp / "sessions.log")
    return json.loads(out.strip().splitlines()[-1])


def run_load(servers: dict, cookies: dict, args) -> tuple[list, list]:
    """Bare page, then each public page from the cache (warm) and rendered (cold), bare page, the
    next page, ...; the logged-in pages two by two between bare runs."""
    groups = [[(f"{name} warm", "warm", path, ""), (f"{name} cold", "cold", path, "")] for name, path in PAGES]
    logged_in = [(f"{name} (logged in)", "cold", path, cookies[role]) for name, path, role in LOGGED_IN if not args.skip_logged_in]
    groups += [logged_in[i : i + 2] for i in range(0, len(logged_in), 2)]
    runs = sum(len(g) for g in groups) + len(groups) + 1
    print()
    print(
        f"Load: {args.clients} clients, {args.warmup:g} s warm-up + {args.duration:g} s measured per run, {runs} runs (~{runs * (args.warmup + args.duration):.0f} s)"
    )
    bare_runs, page_runs = [], []

    def measure(label, server, path, cookie=""):
        result = load(label, server, path, args, cookie)
        extra = {k: v for k, v in result.statuses.items() if k != 200}
        print(
            f"  {label:<34} {result.rps:7.0f} req/s  p50 {result.percentile(0.5):7.1f} ms  p95 {result.percentile(0.95):7.1f} ms  "
            f"errors {result.errors}{' ' + str(extra) if extra else ''}  connections {result.connections}  "
            f"server CPU {result.cpu_ms:.2f} ms/req  client CPU {result.client_cpu:.0%}",
            flush=True,
        )
        return result

    bare_runs.append(measure(BARE[0], servers["bare"], BARE[1]))
    for group in groups:
        for label, kind, path, cookie in group:
            page_runs.append((measure(label, servers[kind], path, cookie), len(bare_runs) - 1))
        bare_runs.append(measure(BARE[0], servers["bare"], BARE[1]))
    return page_runs, bare_runs


def report(title: str, page_runs: list, bare_runs: list, args, workers: int) -> None:
    bare_rps = [r.rps for r in bare_runs]
    bare_mean = statistics.mean(bare_rps)
    bare = Result(label="", path="", duration=sum(r.duration for r in bare_runs), latencies=[x for r in bare_runs for x in r.latencies])
    bare.errors = sum(r.errors for r in bare_runs)
    bare.size = bare_runs[0].size
    if all(r.server_cpu is not None for r in bare_runs):
        bare.server_cpu = sum(r.server_cpu for r in bare_runs)
    threads = f" {args.threads} threads" if args.worker_class == "gthread" else ""
    print()
    print(f"Results: {title} ({args.clients} clients, {args.duration:g} s per run, gunicorn {workers} x {args.worker_class}{threads})")
    header = f"  {'page':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'KB':>7}{'ratio':>8}{'CPU ms/req':>12}"
    print(header)
    print("  " + "-" * (len(header) - 2))

    def row(label, run, ratio):
        print(
            f"  {label:<34}{run.rps if run is not bare else bare_mean:8.0f}{run.percentile(0.5):9.1f}{run.percentile(0.95):9.1f}"
            f"{run.errors:8d}{run.size / 1024:7.1f}{ratio:8.3f}{run.cpu_ms:12.2f}"
        )

    for run, before in page_runs:
        yardstick = (bare_rps[before] + bare_rps[before + 1]) / 2  # the bare runs just before and after
        row(run.label, run, run.rps / yardstick if yardstick else float("nan"))
    row(f"bare Django page (mean of {len(bare_runs)})", bare, 1.0)
    spread = (max(bare_rps) - min(bare_rps)) / bare_mean * 100 if bare_mean else 0
    print(f"  bare runs: {', '.join(f'{x:.0f}' for x in bare_rps)} req/s (spread {spread:.0f}% of the mean)")
    print("  warm = anonymous visitor served from the page cache; cold = the same page rendered (page cache off);")
    print("  logged in = the demo coordinator of Utrecht (support queue: the campaign team), never cached.")
    print("  ratio = req/s of the page / mean req/s of the bare runs just before and after it (higher is better).")
    print("  CPU ms/req = CPU time of the gunicorn processes while measuring / requests answered.")


class Tee:
    """Everything printed also goes to bench/results/<file> (make bench keeps its tables)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file, self.stream = path.open("w"), sys.stdout

    def write(self, text):
        self.stream.write(text)
        self.file.write(text)

    def flush(self):
        self.stream.flush()
        self.file.flush()


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.only:
        PAGES[:] = [(name, path) for name, path in PAGES if name.startswith(args.only)]
    counts = [int(x) for x in args.query_members.split(",") if x.strip()]
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    results = ROOT / "bench" / "results" / f"run-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.txt"
    sys.stdout = Tee(results)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ggg-bench-"))
    servers = Servers()
    equal = True
    names = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgres" in names and (why := production_stack_answers()):
        print(f"Skipping PostgreSQL + Redis: {why}")
        names.remove("postgres")
    backends = [Backend(name, tmp / name) for name in names]
    try:
        for backend in backends:
            print()
            print(f"=== {backend.title} ===")
            env, reference_only = prepare(backend, args)
            if reference_only is not None and not args.skip_queries:
                equal = query_counts(env, reference_only, counts, backend.tmp) and equal
            if not args.skip_load:
                workers = args.workers if backend.name == "sqlite" else args.pg_workers
                started_servers = start_servers(servers, env, backend.tmp, args, workers)
                cookies = sessions(env, backend.tmp)
                page_runs, bare_runs = run_load(started_servers, cookies, args)
                servers.stop()
                report(backend.title, page_runs, bare_runs, args, workers)
            backend.drop()
    except (KeyboardInterrupt, Interrupted) as exc:
        print(f"\nInterrupted ({str(exc) or 'SIGINT'}): stopping the servers and removing {tmp}", file=sys.stderr)
        return 130
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a second Ctrl-C must not stop the clean-up
            signal.signal(signum, signal.SIG_IGN)
        servers.stop()
        for backend in backends:
            backend.drop()
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nTotal time {time.monotonic() - started:.0f} s; tables written to {results.relative_to(ROOT)}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
