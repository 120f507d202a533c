"""Sealing: wish texts, names and photos are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from
the ``cryptography`` package) before they reach the database or the file storage, so a database dump
or a copy of the media folder reveals nothing before the opening.

The key is held outside the database: the environment variable ``TIJDSCAPSULE_KEY`` (one or more
Fernet keys, comma-separated; the first seals, every one can open, so a key can be rotated), or,
when it is empty (development, ``make run``), the file ``var/tijdscapsule.key``, generated on first
use with permissions 0600 and ignored by git. Under production settings (``TIJDSCAPSULE_KEY_REQUIRED``)
there is no fallback: the variable is required (system check ``tijdscapsule.E001``). Lose the key and the wishes are lost: see
docs/tijdscapsule.md for how to keep it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SealError(Exception):
    """A sealed value could not be opened (wrong key, damaged data)."""


def key_file() -> Path:
    return Path(settings.BASE_DIR) / "var" / "tijdscapsule.key"


def _file_key() -> bytes:
    path = key_file()
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    # O_EXCL: two processes starting at once never write two different keys
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return key


@cache
def _fernet(setting: str) -> MultiFernet:
    keys = [k.strip().encode() for k in setting.split(",") if k.strip()] or [_file_key()]
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    setting = getattr(settings, "TIJDSCAPSULE_KEY", "") or ""
    if not setting.strip(" ,") and getattr(settings, "TIJDSCAPSULE_KEY_REQUIRED", False):
        # production: never fall back to a key file of this one host (check tijdscapsule.E001)
        raise ImproperlyConfigured("TIJDSCAPSULE_KEY is required under these settings (docs/tijdscapsule.md).")
    return _fernet(setting)


def reseal(token: bytes) -> bytes:
    """The same sealed value, sealed again with the first (newest) key: key rotation."""
    return fernet().rotate(token)


def seal(data: bytes) -> bytes:
    return fernet().encrypt(data)


def unseal(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as error:
        raise SealError("cannot open a sealed value: wrong TIJDSCAPSULE_KEY or damaged data") from error


def seal_text(text: str) -> str:
    return seal(text.encode()).decode("ascii") if text else ""


def unseal_text(token: str) -> str:
    return unseal(token.encode("ascii")).decode() if token else ""


def address_hash(address: str) -> str:
    """A keyed hash of an internet address (never the address itself)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"tijdscapsule:{address}".encode(), hashlib.sha256).hexdigest()
