"""Local development (`make run`): debug on unless the environment says otherwise."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("SECURE_COOKIES", "false")

from .base import *  # noqa: E402, F403
