"""Read settings from environment variables, in one place.

Every variable the platform reads is declared with :func:`env`, which casts the raw string by
the type of the default and records the variable with its help text. ``manage.py envdoc``
prints the table in ``docs/configuration.md`` from this registry, and a test fails when the
document is stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    secret: bool = False


REGISTRY: dict[str, EnvVar] = {}


def _cast(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def env(name: str, default: Any, help: str, *, secret: bool = False) -> Any:  # noqa: A002
    """Return the environment variable ``name`` cast like ``default``."""
    REGISTRY[name] = EnvVar(name=name, default=default, help=help, secret=secret)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _cast(name, raw, default)
