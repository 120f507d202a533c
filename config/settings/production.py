"""Production: the secure defaults (HTTPS only, HSTS for a year with subdomains and preload, secure
cookies, no debug), so that ``DJANGO_SETTINGS_MODULE=config.settings.production`` with just a secret
key, the host names, a database and ``TIJDSCAPSULE_KEY`` passes ``manage.py check --deploy``. Each value can still be
changed through its environment variable (docs/configuration.md)."""

import os

for _name, _value in {
    "DJANGO_DEBUG": "false",
    "SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "HSTS_SECONDS": "31536000",
    "HSTS_INCLUDE_SUBDOMAINS": "true",
    "HSTS_PRELOAD": "true",
    "BACK_OFFICE_2FA": "true",
}.items():
    os.environ.setdefault(_name, _value)

from .base import *  # noqa: E402, F403

# The seal's key must come from the environment (secret store): no per-host key file (tijdscapsule.E001).
TIJDSCAPSULE_KEY_REQUIRED = True
