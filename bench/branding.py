"""Benchmark for the campaign branding: the time to make one complete set, and all 342 sets with
two task workers (real `manage.py db_worker` processes on a throwaway SQLite database).

    python bench/branding.py [--sets N]      (part of `make bench`)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def manage(env, *args, check=True):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", type=int, default=342, help="how many municipalities get a set in the two-worker run")
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="ggg-bench-branding-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-only",
        "DATABASE_URL": f"sqlite:///{temp / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(temp / "media"),
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    workers = []
    try:
        print("Branding benchmark")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_reference_data")
        manage(env, "load_demo", "--members", str(options.sets))

        one = manage(
            env,
            "shell",
            "-c",
            "import time\n"
            "from apps.branding.services import LANGUAGES, identity_for\n"
            "from apps.branding import render\n"
            "from apps.municipalities.models import Municipality\n"
            "m = Municipality.objects.get(cbs_code='GM0820')\n"
            "times = []\n"
            "for _ in range(3):\n"
            "    t = time.perf_counter()\n"
            "    files = [b for lang in LANGUAGES for b in render.render_set(identity_for(m, lang)).values()]\n"
            "    times.append(time.perf_counter() - t)\n"
            "print(len(files), sum(map(len, files)), *times)\n",
        ).stdout.strip().splitlines()[-1].split()
        files, size, *times = one
        median = statistics.median(map(float, times))
        print(
            f"  one complete set (Nuenen, Gerwen en Nederwetten; nl + en): {files} files, {int(size) / 1e6:.1f} MB, median {median:.2f} s of 3 runs"
        )

        manage(env, "shell", "-c", "from apps.branding.services import artwork_regenerate_all; print(artwork_regenerate_all())")
        started = time.perf_counter()
        for index in range(options.workers):
            log = open(temp / f"worker{index}.log", "w")  # noqa: SIM115
            workers.append(
                subprocess.Popen(
                    [PY, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.2"], cwd=ROOT, env=env, stdout=log, stderr=log
                )
            )
        for worker in workers:
            worker.wait()
        elapsed = time.perf_counter() - started
        state = manage(
            env,
            "shell",
            "-c",
            "from apps.branding.models import ArtworkSet as A; from django.db.models import Sum, Avg;"
            "print(A.objects.filter(status='ready').count(), A.objects.count(), A.objects.aggregate(s=Avg('seconds'))['s'])",
        ).stdout.strip().splitlines()[-1].split()
        ready, total, average = int(state[0]), int(state[1]), float(state[2])
        print(
            f"  all {total} sets with {options.workers} workers: {elapsed:.0f} s wall ({elapsed / max(total, 1):.2f} s per set), {ready} ready, mean {average:.2f} s per set inside a worker"
        )
        return 0 if ready == total else 1
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
