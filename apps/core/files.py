"""Private files: stored outside the web root and sent only after the permission check, every time.

There are two storages (``settings.STORAGES``):

- ``default`` (``MEDIA_ROOT``, ``MEDIA_URL``): only what the campaign team publishes on purpose:
  action formats' materials, knowledge guides, programme guides, the debate kit, branding output.
- ``private`` (``PRIVATE_MEDIA_ROOT``, no URL at all): everything people upload or the platform
  generates for someone: policy documents, scan reports, budget and review PDFs, privacy exports,
  support attachments, practice-example attachments, activity photos, YoungChallenger photos,
  sealed wish photos, wish booklets.

A private file is a :class:`PrivateFileField` (or :class:`PrivateImageField`). Its stored name is
random (``<folder>/<32 hex>.<ext>``); the original name lives in the model and reaches the browser
only in ``Content-Disposition``. Its ``.url`` is ``/bestanden/<app>.<model>.<field>/<pk>/``: the one
view :func:`private_file_view`, which asks :data:`RULES` (built on ``apps/core/permissions.py``)
every time. A field without a rule is served to nobody. The app views that offer a download with a
friendly name (privacy export, support attachment, PDFs) send the file through
:func:`private_file_response`, which asks the same rule.

How the bytes leave: ``PRIVATE_FILES_SERVER`` = ``django`` (a streamed ``FileResponse``; development
and small sites), ``nginx`` (an empty response with ``X-Accel-Redirect: <PRIVATE_FILES_INTERNAL_URL>
<name>``; nginx serves the file from an ``internal`` location) or ``sendfile`` (``X-Sendfile:
<absolute path>`` for Apache mod_xsendfile or lighttpd). See docs/production.md.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

from .permissions import Perm, has_perm, public

SERVERS = ("django", "nginx", "sendfile")


class PrivateStorage(FileSystemStorage):
    """``PRIVATE_MEDIA_ROOT`` (or the ``location`` option), with no public URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("A private file has no public URL; use its field's .url (the checked download view).")


def private_storage():
    """The ``private`` storage (a callable, so migrations do not store a path)."""
    return storages["private"]


@deconstructible
class RandomName:
    """``upload_to``: ``<folder>/<32 random hex digits><extension>``; the original name is not kept in the path."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        suffix = Path(filename or "").suffix.lower()
        if not suffix[1:].isalnum() or len(suffix) > 6:
            suffix = ""
        return f"{self.folder}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


class PrivateFieldFile(FieldFile):
    @property
    def url(self):
        self._require_file()
        return private_file_url(self.instance, self.field.name)


class PrivateImageFieldFile(ImageFieldFile, PrivateFieldFile):
    pass


class PrivateFileField(models.FileField):
    """A file in the private storage with a random name; ``.url`` is the checked download view."""

    attr_class = PrivateFieldFile

    def __init__(self, *args, folder: str = "", **kwargs):
        if folder:
            kwargs["upload_to"] = RandomName(folder)
        kwargs["storage"] = private_storage
        super().__init__(*args, **kwargs)


class PrivateImageField(models.ImageField):
    attr_class = PrivateImageFieldFile

    def __init__(self, *args, folder: str = "", **kwargs):
        if folder:
            kwargs["upload_to"] = RandomName(folder)
        kwargs["storage"] = private_storage
        super().__init__(*args, **kwargs)


# --- who may fetch which file ------------------------------------------------------------------


def _workspace(municipality_of):
    return lambda user, obj: has_perm(user, Perm.VIEW_WORKSPACE, municipality_of(obj))


def _own_export(user, export):
    return user.is_authenticated and export.user_id == user.pk and export.status == "ready"


def _support_attachment(user, message):
    municipality = message.request.municipality
    return user.is_authenticated and (user.is_campaign_team or has_perm(user, Perm.EDIT_DATA, municipality))


def _activity_photo(user, photo):
    from apps.menukaart.models import Activity

    if photo.activity.status in (Activity.Status.PLANNED, Activity.Status.DONE):
        return True  # shown on the public profile on purpose
    return has_perm(user, Perm.VIEW_WORKSPACE, photo.activity.municipality)


def _example_attachment(user, attachment):
    example = attachment.example
    if example.status == "published":
        return True  # shown on the example's public page on purpose
    if user.is_authenticated and user.is_campaign_team:
        return True  # the team moderates the submission with its attachments
    return has_perm(user, Perm.VIEW_WORKSPACE, example.municipality)


def _young_challenger_photo(user, person):
    from apps.core.permissions import may_view_youngchallenger

    return may_view_youngchallenger(user, person)  # the people who may open the profile page


def _booklet(user, booklet):
    from apps.tijdscapsule.services import is_open

    return booklet.status == "ready" and is_open(booklet.capsule)


def _nobody(user, obj):
    return False


def _published_or_team(is_published):
    return lambda user, obj: bool(is_published(obj)) or (user.is_authenticated and user.is_campaign_team)


def _guide_published(guide):
    return guide.published and guide.status == "ready" and guide.programme.published


#: ``"<app_label>.<model_name>.<field>"`` -> ``rule(user, instance) -> bool``. Every private field
#: has one (a test checks); the view denies a field that is missing here.
RULES = {
    "policyscan.document.file": _workspace(lambda d: d.municipality),
    "policyscan.scan.report": _workspace(lambda s: s.document.municipality),
    "budget.budgetdocument.file": _workspace(lambda d: d.budget.municipality),
    "monitor.review.pdf": _workspace(lambda r: r.municipality),
    "privacy.dataexport.file": _own_export,
    "support.message.attachment": _support_attachment,
    "menukaart.attachment.file": _example_attachment,
    "menukaart.photo.image": _activity_photo,
    "youngchallengers.youngchallenger.photo": _young_challenger_photo,
    "tijdscapsule.wish.sealed_photo": _nobody,  # sealed; opened only by the capsule's own code
    "tijdscapsule.booklet.file": _booklet,
    # published by the campaign team on purpose; drafts only for the team
    "knowledge.article.file": _published_or_team(lambda a: a.published),
    "menukaart.material.file": _published_or_team(lambda m: m.action_format.published),
    "programmes.guide.pdf_nl": _published_or_team(_guide_published),
    "programmes.guide.pdf_en": _published_or_team(_guide_published),
}


def field_key(instance, field_name: str) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}.{field_name}"


def private_file_url(instance, field_name: str) -> str:
    return reverse("private_file", kwargs={"key": field_key(instance, field_name), "pk": instance.pk})


def may_fetch(user, instance, field_name: str) -> bool:
    rule = RULES.get(field_key(instance, field_name))
    return bool(rule and rule(user, instance))


def send_file(fieldfile, *, filename: str, as_attachment: bool = True, content_type: str | None = None) -> HttpResponse:
    """The response that sends ``fieldfile`` (no permission check: callers ask :func:`may_fetch`)."""
    import mimetypes

    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    server = settings.PRIVATE_FILES_SERVER
    if server == "django":
        response = FileResponse(fieldfile.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type)
    else:
        response = HttpResponse(content_type=content_type)
        if server == "nginx":
            response["X-Accel-Redirect"] = settings.PRIVATE_FILES_INTERNAL_URL.rstrip("/") + "/" + quote(fieldfile.name)
        else:
            response["X-Sendfile"] = fieldfile.path
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_response(request, instance, field_name: str, *, filename: str, as_attachment: bool = True, content_type: str | None = None):
    """Ask the rule, then send the file (404 without a file, 403 without the right)."""
    fieldfile = getattr(instance, field_name)
    if not fieldfile:
        raise Http404
    if not may_fetch(request.user, instance, field_name):
        raise PermissionDenied
    return send_file(fieldfile, filename=filename, as_attachment=as_attachment, content_type=content_type)


def _display_name(instance, field_name: str) -> str:
    """The name the browser shows: the original name where the model keeps one, else the object's
    name with the stored file's extension."""
    from django.utils.text import slugify

    for attribute in ("original_name", "attachment_name", "name"):
        value = getattr(instance, attribute, "")
        if isinstance(value, str) and value:
            return Path(value).name
    suffix = Path(getattr(instance, field_name).name).suffix
    return f"{slugify(str(instance))[:80] or field_name}{suffix}"


@public  # every request asks RULES (apps/core/permissions.py underneath)
def private_file_view(request, key: str, pk: int):
    from django.apps import apps

    if key not in RULES:
        raise Http404
    app_label, model_name, field_name = key.split(".")
    model = apps.get_model(app_label, model_name)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        raise Http404
    fieldfile = getattr(instance, field_name)
    if not fieldfile:
        raise Http404
    if not may_fetch(request.user, instance, field_name):
        raise Http404 if not request.user.is_authenticated else PermissionDenied
    filename = _display_name(instance, field_name)
    is_image = isinstance(fieldfile, ImageFieldFile) or filename.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))
    return send_file(fieldfile, filename=filename, as_attachment=not is_image)


@register(Tags.security)
def check_private_files(app_configs, **kwargs):
    """Private files must not lie under the public media directory, and must leave through a known server."""
    errors = []
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents or private in media.parents:
        errors.append(
            Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: private files would be served as public media.",
                hint="Give PRIVATE_MEDIA_ROOT its own directory.",
                id="core.E010",
            )
        )
    if settings.PRIVATE_FILES_SERVER not in SERVERS:
        errors.append(Error(f"PRIVATE_FILES_SERVER must be one of {', '.join(SERVERS)}.", id="core.E011"))
    return errors
