import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from apps.branding import render
from apps.branding.models import ArtworkSet
from apps.branding.services import artwork_generate, artwork_regenerate_all, artwork_request
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bosch():
    membership = MembershipFactory(municipality=municipality("GM0796"))
    membership.focus_goals.set([3, 11])
    return membership.municipality


def expected_files():
    return (sum(len(v.formats) for v in render.VARIANTS) + len(render.VARIANTS)) * 2 + 1  # formats and a preview, both languages, the ZIP


def test_request_queues_generation_and_stores_every_file(bosch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        artwork = artwork_request(municipality=bosch)
    artwork.refresh_from_db()
    assert artwork.status == ArtworkSet.Status.READY
    assert len(artwork.manifest) == expected_files()
    assert all(default_storage.exists(f["path"]) for f in artwork.manifest)
    assert {f["language"] for f in artwork.manifest} == {"nl", "en", ""}
    assert any(f["name"].startswith("s-hertogenbosch") for f in artwork.manifest)
    zip_entry = next(f for f in artwork.manifest if f["format"] == "zip")
    with zipfile.ZipFile(default_storage.open(zip_entry["path"])) as archive:
        names = archive.namelist()
    assert len(names) == sum(len(v.formats) for v in render.VARIANTS) * 2  # previews stay out of the ZIP
    assert any(n.startswith("nl/") for n in names) and any(n.startswith("en/") for n in names)


def test_up_to_date_set_is_not_made_again_but_a_change_is(bosch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = artwork_request(municipality=bosch)
    first.refresh_from_db()
    old_paths = [f["path"] for f in first.manifest]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        artwork_request(municipality=bosch)
    assert callbacks == []
    bosch.membership.focus_goals.set([13])
    with django_capture_on_commit_callbacks(execute=True):
        artwork_request(municipality=bosch)
    second = ArtworkSet.objects.get(pk=first.pk)
    assert second.fingerprint != first.fingerprint
    assert not any(default_storage.exists(p) for p in old_paths)


def test_duplicate_task_does_nothing(bosch):
    artwork_generate(municipality_id=bosch.pk)
    generated_at = ArtworkSet.objects.get().generated_at
    artwork_generate(municipality_id=bosch.pk)
    assert ArtworkSet.objects.get().generated_at == generated_at


def test_regenerate_all_queues_every_member(bosch, django_capture_on_commit_callbacks):
    MembershipFactory()
    assert artwork_regenerate_all() == 2
    assert ArtworkSet.objects.filter(status=ArtworkSet.Status.PENDING).count() == 2


def test_coordinator_previews_and_downloads(client, bosch, django_capture_on_commit_callbacks):
    user = UserFactory(coordinator=True, municipality=bosch)
    client.force_login(user)
    url = reverse("workspace:artwork", kwargs={"slug": bosch.slug})
    with django_capture_on_commit_callbacks(execute=False):
        body = client.get(url).content.decode()
    assert 'hx-trigger="every 3s"' in body  # still being made: the page polls
    artwork_generate(municipality_id=bosch.pk)
    body = client.get(url).content.decode()
    assert "ZIP" in body and "hx-trigger" not in body
    png = next(f for f in ArtworkSet.objects.get().manifest if f["format"] == "png" and f["language"] == "nl")
    response = client.get(reverse("workspace:artwork_file", kwargs={"slug": bosch.slug, "language": "nl", "name": png["name"]}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in response["Content-Disposition"]
    missing = reverse("workspace:artwork_file", kwargs={"slug": bosch.slug, "language": "nl", "name": "..%2F..%2Fsettings.py"})
    assert client.get(missing).status_code == 404
    zip_entry = next(f for f in ArtworkSet.objects.get().manifest if f["format"] == "zip")
    response = client.get(reverse("workspace:artwork_file", kwargs={"slug": bosch.slug, "language": "zip", "name": zip_entry["name"]}))
    assert zipfile.is_zipfile(io.BytesIO(b"".join(response.streaming_content)))


def test_usage_rules_page_in_both_languages(client):
    assert "Gebruiksregels" in client.get(reverse("branding:usage_rules")).content.decode()
    assert "Usage rules" in client.get("/en" + reverse("branding:usage_rules")).content.decode()


def test_back_office_regenerates_all(client, bosch):
    from apps.accounts.services import user_apply_role

    team = UserFactory(team=True)
    user_apply_role(user=team)
    client.force_login(team)
    response = client.post(reverse("admin:branding_artworkset_regenerate_all"))
    assert response.status_code == 302
    assert ArtworkSet.objects.filter(municipality=bosch).exists()
