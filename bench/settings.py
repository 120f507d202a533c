"""Settings for the load benchmark (bench/run.py): the production settings, with the static files
collected into the benchmark's temporary directory and the host names the benchmark uses."""

import os

from config.settings.base import *  # noqa: F403

STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/ggg-bench-static")  # noqa: S108
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
