"""Test settings: fast hashing, tasks run at once (a separate test runs the real worker)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_COOKIES", "false")

from .base import *  # noqa: E402, F403
from .base import MAILERS, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {**MAILERS, "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
ALLOWED_HOSTS = ["*"]
AXES_ENABLED = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
# Off for the suite (tests that change rows with QuerySet.update() and look again would see the cached
# page); apps/core/tests/test_pagecache.py switches it on.
PAGE_CACHE = False
SECTION_CACHE = False  # likewise; apps/core/tests/test_pagecache.py switches it on
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
