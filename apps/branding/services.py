"""Generate, store and regenerate the logo and banner sets (the drawing is in apps/branding/render)."""

from __future__ import annotations

import hashlib
import io
import logging
import time
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from apps.municipalities.models import Municipality

from . import render
from .models import ArtworkSet

logger = logging.getLogger(__name__)

# Raise when the artwork changes: every set then counts as stale and is drawn again.
DESIGN_VERSION = "2026.1"
LANGUAGES = ("nl", "en")


def identity_for(municipality: Municipality, language: str) -> render.Identity:
    goals = ()
    membership = getattr(municipality, "membership", None)
    if membership is not None:
        goals = tuple(sorted(membership.focus_goals.values_list("number", flat=True)))
    return render.Identity(name=municipality.display_name, focus_goals=goals, language=language)


def fingerprint_for(municipality: Municipality) -> str:
    identity = identity_for(municipality, "nl")
    raw = f"{DESIGN_VERSION}|{identity.name}|{','.join(map(str, identity.focus_goals))}"
    return hashlib.sha256(raw.encode()).hexdigest()


def zip_name(municipality: Municipality) -> str:
    return f"{municipality.slug}-global-goals-gemeente.zip"


def artwork_request(*, municipality: Municipality, force: bool = False) -> ArtworkSet:
    """Make sure an up-to-date set exists or is being made; enqueue the work after commit."""
    from .tasks import generate_artwork

    fingerprint = fingerprint_for(municipality)
    with transaction.atomic():
        artwork, _created = ArtworkSet.objects.select_for_update().get_or_create(municipality=municipality)
        up_to_date = artwork.status == ArtworkSet.Status.READY and artwork.fingerprint == fingerprint
        already_queued = artwork.status == ArtworkSet.Status.PENDING and artwork.requested_fingerprint == fingerprint
        if (up_to_date or already_queued) and not force:
            return artwork
        artwork.status = ArtworkSet.Status.PENDING
        artwork.requested_fingerprint = fingerprint
        artwork.error = ""
        artwork.save()
        transaction.on_commit(lambda: generate_artwork.enqueue(municipality.pk))
    return artwork


def artwork_generate(*, municipality_id: int) -> ArtworkSet:
    """Draw every variant in every format and both languages, store them and a ZIP, drop the old files."""
    municipality = Municipality.objects.select_related("membership").get(pk=municipality_id)
    fingerprint = fingerprint_for(municipality)
    artwork, _created = ArtworkSet.objects.get_or_create(municipality=municipality)
    if artwork.status == ArtworkSet.Status.READY and artwork.fingerprint == fingerprint:
        return artwork  # a duplicate task: nothing to do
    started = time.perf_counter()
    folder = f"branding/{municipality.cbs_code}/{fingerprint[:16]}"
    manifest = []
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for language in LANGUAGES:
                identity = identity_for(municipality, language)
                for variant in render.VARIANTS:
                    for fmt in variant.formats:
                        data = render.render(variant, identity, fmt)
                        name = render.filename(variant, identity, fmt)
                        path = default_storage.save(f"{folder}/{language}/{name}", ContentFile(data))
                        archive.writestr(f"{language}/{name}", data)
                        manifest.append({"language": language, "name": name, "variant": variant.key, "format": fmt, "bytes": len(data), "path": path})
                    # A small PNG of every variant (print-only ones too) for the preview page; not in the ZIP.
                    name, data = render.filename(variant, identity, "preview"), render.render(variant, identity, "preview")
                    path = default_storage.save(f"{folder}/{language}/{name}", ContentFile(data))
                    manifest.append(
                        {"language": language, "name": name, "variant": variant.key, "format": "preview", "bytes": len(data), "path": path}
                    )
        zip_path = default_storage.save(f"{folder}/{zip_name(municipality)}", ContentFile(buffer.getvalue()))
        manifest.append({"language": "", "name": zip_name(municipality), "variant": "zip", "format": "zip", "bytes": buffer.tell(), "path": zip_path})
    except Exception as exc:
        logger.exception("Artwork for %s failed", municipality)
        ArtworkSet.objects.filter(pk=artwork.pk).update(status=ArtworkSet.Status.FAILED, error=str(exc)[:2000])
        raise
    old_paths = [f["path"] for f in artwork.manifest]
    artwork.status = ArtworkSet.Status.READY
    artwork.fingerprint = fingerprint
    artwork.folder = folder
    artwork.manifest = manifest
    artwork.generated_at = timezone.now()
    artwork.seconds = round(time.perf_counter() - started, 2)
    artwork.save()
    new_paths = {f["path"] for f in manifest}
    for path in old_paths:
        if path not in new_paths and default_storage.exists(path):
            default_storage.delete(path)
    return artwork


def artwork_regenerate_all() -> int:
    """Queue a new set for every member municipality (e.g. after a design change)."""
    count = 0
    for municipality in Municipality.objects.members().current().select_related("membership"):
        artwork_request(municipality=municipality, force=True)
        count += 1
    return count
