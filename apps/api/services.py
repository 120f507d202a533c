"""API keys: made and revoked by a municipality's coordinator, checked on every API write."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ServiceError

from .models import ApiKey

KEY_PREFIX = "ggg"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(*, municipality, name: str, created_by=None) -> tuple[ApiKey, str]:
    """A new key; returns the model and the full key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the key a name that says what it is for."))
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=settings.API_KEY_VALID_DAYS)
    key = ApiKey.objects.create(
        municipality=municipality, name=name[:100], prefix=prefix, key_hash=_hash(secret), created_by=created_by, expires_at=expires_at
    )
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def api_key_revoke(*, key: ApiKey, municipality) -> ApiKey:
    if key.municipality_id != municipality.pk:
        raise ServiceError(_("This key belongs to another municipality."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_check(raw: str) -> ApiKey | None:
    """The active key for ``raw`` (``ggg_<prefix>_<secret>``), or None: unknown, tampered, expired or revoked."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    key = ApiKey.objects.select_related("municipality").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(parts[2])):
        return None
    now = timezone.now()
    if key.expires_at is not None and key.expires_at <= now:
        return None
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        with transaction.atomic():
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
