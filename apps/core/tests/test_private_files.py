"""Private files: outside MEDIA_ROOT, random names, served only after the rule says yes (also via
X-Accel-Redirect / X-Sendfile), and every uploaded image loses its EXIF/GPS data."""

import io
import json
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from PIL import Image

from apps.core.files import RULES, PrivateFileField, PrivateImageField, check_private_files, field_key
from tests.factories import MembershipFactory, UserFactory

#: file fields in the public storage on purpose (the campaign team's published material)
PUBLIC_FILES = {"tijdscapsule.capsule.debate_kit"}
GPS = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_SERVER = "django"
    return tmp_path / "private"


def gps_photo(fmt="JPEG") -> bytes:
    """A 40 x 20 photo taken at 52°N 5°E, stored rotated (EXIF orientation 6)."""
    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS)
    gps.update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS)  # the fixture does carry a location
    return data


def assert_clean(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS) and ORIENTATION not in exif and "exif" not in image.info
        assert image.size == (20, 40)  # turned upright before the orientation tag was dropped


def test_every_file_field_is_private_with_a_rule_or_public_on_purpose():
    public, private = set(), set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                key = f"{model._meta.app_label}.{model._meta.model_name}.{field.name}"
                (private if isinstance(field, PrivateFileField | PrivateImageField) else public).add(key)
    assert public == PUBLIC_FILES
    assert private == set(RULES)


@pytest.mark.django_db
def test_a_privacy_export_is_private_random_and_only_for_its_owner(client, private_root, django_capture_on_commit_callbacks, settings):
    from apps.privacy import services

    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(user=owner)
    export.refresh_from_db()
    name = export.file.name
    assert (private_root / name).exists() and not list((settings.MEDIA_ROOT).rglob("*.json"))
    assert re.fullmatch(r"privacy/exports/[0-9a-f]{32}\.json", name)  # not export-<user>-<pk>.json
    url = export.file.url
    assert url == f"/bestanden/privacy.dataexport.file/{export.pk}/"
    assert client.get(url).status_code == 404  # anonymous: nothing to see
    assert client.get("/media/" + name).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert json.loads(b"".join(response.streaming_content))["account"]["email"] == owner.email
    download = client.get(f"/account/gegevens/downloaden/{export.pk}/")
    assert download.status_code == 200 and "mijn-gegevens-" in download["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize(("server", "header"), [("nginx", "X-Accel-Redirect"), ("sendfile", "X-Sendfile")])
def test_production_servers_get_a_header_and_no_body(client, private_root, settings, server, header):
    from apps.support.models import Message, SupportRequest

    settings.PRIVATE_FILES_SERVER = server
    member = UserFactory()
    request = SupportRequest.objects.create(municipality=member.municipality, requested_by=member, category="other", subject="Vraag")
    message = Message(request=request, author=member, body="Zie bijlage", attachment_name="Begroting concept 2027.pdf")
    message.attachment.save("Begroting concept 2027.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 geheim"), save=True)
    assert "Begroting" not in message.attachment.name
    client.force_login(member)
    response = client.get(message.attachment.url)
    assert response.status_code == 200 and response.content == b""
    expected = ("/_private/" + message.attachment.name) if server == "nginx" else str(private_root / message.attachment.name)
    assert response[header] == expected
    assert 'filename="Begroting concept 2027.pdf"' in response["Content-Disposition"]
    client.force_login(UserFactory())  # another municipality
    forbidden = client.get(message.attachment.url)
    assert forbidden.status_code == 403 and header not in forbidden


@pytest.mark.django_db
def test_unknown_keys_and_files_of_a_draft_are_refused(client, private_root):
    from apps.menukaart.models import Activity, Photo

    m = MembershipFactory().municipality
    activity = Activity.objects.create(municipality=m, title="Idee", status=Activity.Status.IDEA)
    photo = Photo(activity=activity, caption="Foto")
    photo.image.save("p.jpg", SimpleUploadedFile("p.jpg", gps_photo()), save=True)
    assert client.get(photo.image.url).status_code == 404  # an idea is not on the public profile
    assert client.get("/bestanden/auth.user.password/1/").status_code == 404
    client.force_login(UserFactory(municipality=m, role="member"))
    assert client.get(photo.image.url).status_code == 200
    client.logout()
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.PLANNED)
    response = client.get(photo.image.url)
    assert response.status_code == 200 and "inline" in response["Content-Disposition"]


def test_sanitise_image_strips_gps_and_respects_orientation():
    from apps.core.images import sanitise_image

    content, extension = sanitise_image(SimpleUploadedFile("x.jpg", gps_photo()))
    assert extension == ".jpg"
    assert_clean(content.read())
    content, extension = sanitise_image(SimpleUploadedFile("x.png", gps_photo("PNG")))
    assert extension == ".png"
    assert_clean(content.read())


@pytest.mark.django_db
def test_every_image_upload_goes_through_the_sanitiser(private_root):
    from apps.menukaart import services as menukaart
    from apps.menukaart.models import Activity, PracticeExample
    from apps.support import services as support
    from apps.tijdscapsule.services import photo_clean
    from apps.youngchallengers.services import photo_check

    m = MembershipFactory().municipality
    activity = Activity.objects.create(municipality=m, title="Markt", status=Activity.Status.PLANNED)
    photo = menukaart.photo_add(municipality=m, activity=activity, upload=SimpleUploadedFile("IMG_1234.jpg", gps_photo()), caption="Kraam")
    assert "IMG_1234" not in photo.image.name
    assert_clean(photo.image.read())
    example = PracticeExample.objects.create(municipality=m, title="Voorbeeld")
    attachment = menukaart.attachment_add(
        municipality=m, example=example, upload=SimpleUploadedFile("thuis.jpg", gps_photo()), alt_text="Een kraam op de markt"
    )
    assert attachment.name == "thuis.jpg" and "thuis" not in attachment.file.name
    assert_clean(attachment.file.read())
    assert_clean(photo_check(SimpleUploadedFile("ik.jpg", gps_photo())).read())
    assert_clean(photo_clean(SimpleUploadedFile("wens.jpg", gps_photo())))
    member = UserFactory(municipality=m, role="member")
    support_request, _created = support.request_create(
        municipality=m, user=member, category="other", subject="Foto", body="Zie de foto", attachment=SimpleUploadedFile("scherm.jpg", gps_photo())
    )
    message = support_request.messages.get()
    assert message.attachment_name == "scherm.jpg"
    assert_clean(message.attachment.read())


@pytest.mark.django_db
def test_move_private_files_moves_old_public_files(private_root, settings):
    from django.core.files.storage import default_storage

    from apps.privacy.models import DataExport

    user = UserFactory()
    old = default_storage.save("privacy/exports/export-1-1.json", io.BytesIO(b"{}"))
    export = DataExport.objects.create(user=user, status="ready", file=old)
    call_command("move_private_files", verbosity=0)
    export.refresh_from_db()
    assert not default_storage.exists(old) and (private_root / export.file.name).read_bytes() == b"{}"
    assert field_key(export, "file") in RULES


def test_private_root_inside_media_root_is_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert [e.id for e in check_private_files(None)] == ["core.E010"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path.parent / "elsewhere"
    assert check_private_files(None) == []


@pytest.mark.django_db
def test_a_practice_example_s_attachments_are_public_only_once_it_is_published(client, private_root):
    from apps.menukaart import services as menukaart
    from apps.menukaart.models import PracticeExample

    m = MembershipFactory().municipality
    example = PracticeExample.objects.create(municipality=m, title="Voorbeeld")
    attachment = menukaart.attachment_add(municipality=m, example=example, upload=SimpleUploadedFile("a.jpg", gps_photo()), alt_text="Een markt")
    assert client.get(attachment.file.url).status_code == 404  # a draft: not for visitors
    client.force_login(UserFactory(municipality=MembershipFactory().municipality, role="coordinator"))
    assert client.get(attachment.file.url).status_code in (403, 404)  # nor for another municipality
    client.force_login(UserFactory(municipality=None, role="campaign_team", is_staff=True))
    assert client.get(attachment.file.url).status_code == 200  # the team moderates it
    client.logout()
    PracticeExample.objects.filter(pk=example.pk).update(status=PracticeExample.Status.PUBLISHED)
    assert client.get(attachment.file.url).status_code == 200  # on the example's public page
