"""System checks for the seal.

- ``tijdscapsule.E001`` (Error): production settings (``TIJDSCAPSULE_KEY_REQUIRED``) without
  ``TIJDSCAPSULE_KEY``. Without it each host would generate its own key file, and wishes sealed on
  one host could not be opened on another or after the container is rebuilt.
- ``tijdscapsule.E002`` (Error): a key in ``TIJDSCAPSULE_KEY`` is not a valid Fernet key.
- ``tijdscapsule.E003`` (Error, database check: ``check --database default``, ``migrate``,
  ``manage.py tijdscapsule_keys verify``): a sealed wish cannot be opened with the configured keys.
- ``tijdscapsule.I001`` (Info, ``check --deploy``): the development key file is in use.
"""

from django.conf import settings
from django.core.checks import Error, Info, Tags, register


def configured_keys() -> list[str]:
    return [k.strip() for k in (getattr(settings, "TIJDSCAPSULE_KEY", "") or "").split(",") if k.strip()]


@register(Tags.security)
def capsule_key_is_required(app_configs, **kwargs):
    from cryptography.fernet import Fernet

    errors = []
    keys = configured_keys()
    if getattr(settings, "TIJDSCAPSULE_KEY_REQUIRED", False) and not keys:
        errors.append(
            Error(
                "TIJDSCAPSULE_KEY is not set: production must seal the Tijdscapsule wishes with a key from the secret store.",
                hint="Generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' (docs/tijdscapsule.md).",
                id="tijdscapsule.E001",
            )
        )
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(
                Error(f"Key {number} in TIJDSCAPSULE_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes).", id="tijdscapsule.E002")
            )
    return errors


@register(Tags.security, deploy=True)
def capsule_key_is_set(app_configs, **kwargs):
    """`manage.py check --deploy` (an Info): without the variable the generated key file is used."""
    if configured_keys() or getattr(settings, "TIJDSCAPSULE_KEY_REQUIRED", False):
        return []  # set, or required (then tijdscapsule.E001 says so, and no key file is used)
    return [
        Info(
            "TIJDSCAPSULE_KEY is not set: the Tijdscapsule wishes are sealed with the generated key file var/tijdscapsule.key.",
            hint="Set TIJDSCAPSULE_KEY from the secret store and keep a copy offline (docs/tijdscapsule.md).",
            id="tijdscapsule.I001",
        )
    ]


def unreadable_wishes(limit: int = 5) -> tuple[int, list[int]]:
    """(number of sealed values checked, ids of up to ``limit`` wishes the configured keys cannot open)."""
    from cryptography.fernet import InvalidToken

    from . import crypto
    from .models import Wish

    fernet = crypto.fernet()
    checked, bad = 0, []
    for pk, text, name in Wish.objects.order_by("pk").values_list("pk", "sealed_text", "sealed_name").iterator(chunk_size=2000):
        for token in (text, name):
            if not token:
                continue
            checked += 1
            try:
                fernet.decrypt(token.encode("ascii"))
            except (InvalidToken, ValueError):
                if not bad or bad[-1] != pk:
                    bad.append(pk)
                break
        if len(bad) >= limit:
            break
    return checked, bad


@register(Tags.database)
def capsule_can_be_opened(app_configs, databases=None, **kwargs):
    """Every sealed wish opens with the configured keys (a database check: run with ``--database``)."""
    if not databases:
        return []
    from django.db import DatabaseError

    try:
        _checked, bad = unreadable_wishes()
    except DatabaseError:  # before the first migration
        return []
    except Exception as error:  # noqa: BLE001 - no key at all, an unreadable key file: say so loudly
        return [Error(f"The Tijdscapsule keys cannot be loaded: {error}", id="tijdscapsule.E003")]
    if not bad:
        return []
    return [
        Error(
            f"Sealed Tijdscapsule wishes cannot be opened with the configured TIJDSCAPSULE_KEY (wish ids {', '.join(map(str, bad))}, and possibly more).",
            hint="Add the key these wishes were sealed with to TIJDSCAPSULE_KEY (after the current one): rotation keeps every old key until the wishes are resealed with manage.py tijdscapsule_keys rotate.",
            id="tijdscapsule.E003",
        )
    ]
