"""Wishes: the form without an account, bad input, spam and abuse, photos checked and stripped, and
the seal: nothing reveals text, name or photo before the opening date (not a view, the API, an
export, the admin, a search or the raw database), and everything appears after it."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from apps.tijdscapsule import crypto, services
from apps.tijdscapsule.models import Booklet, Capsule, Visit, Wish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VISIT_DAY = dt.date(2027, 3, 1)
OPENED = dt.date(2030, 1, 2)
SECRET = "Ik wens dat de Dommel weer zo schoon is dat mijn kleinkinderen erin zwemmen."
SECRET_NAME = "Geheime Gerrit"


@pytest.fixture
def clock(monkeypatch):
    state = {"today": VISIT_DAY}
    monkeypatch.setattr(services, "today_local", lambda: state["today"])
    return state


@pytest.fixture
def visit(clock):
    user = UserFactory()
    data = {
        "title": "Wensenavond",
        "event_type": "residents_evening",
        "start_date": VISIT_DAY,
        "end_date": VISIT_DAY,
        "address": "Markt 1",
        "expected_audience": 50,
        "contact_name": "Lotte",
        "contact_email": "lotte@example.org",
    }
    requested = services.visit_request(municipality=user.municipality, user=user, data=data, today=VISIT_DAY - dt.timedelta(days=30))
    return services.visit_confirm(visit=requested, actor=None, today=VISIT_DAY - dt.timedelta(days=20), notify=False)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in out.getvalue()
    return out.getvalue()


def post_wish(client, visit, **fields):
    data = {"text": SECRET, "name": SECRET_NAME, "role": "inwoner", "nickname": "", **fields}
    return client.post(reverse("tijdscapsule:wish", kwargs={"pk": visit.pk}), data)


def test_leave_a_wish_without_an_account(client, visit):
    page = client.get(reverse("tijdscapsule:wish", kwargs={"pk": visit.pk})).content.decode()
    assert "Hoe wilt u dat onze wereld eruitziet in 2030?" in page
    response = post_wish(client, visit, goals=["6", "14"], photo=SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"))
    assert response.status_code == 302 and response["Location"].endswith(f"/bezoek/{visit.pk}/bedankt/")
    wish = Wish.objects.get()
    assert wish.status == "accepted" and wish.role == "inwoner" and sorted(g.number for g in wish.goals.all()) == [6, 14]
    assert wish.has_photo


def test_the_raw_database_and_the_stored_file_hold_no_plaintext(client, visit):
    post_wish(client, visit, photo=SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"))
    wish = Wish.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM tijdscapsule_wish")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "Dommel" not in row and "Gerrit" not in row and "kleinkinderen" not in row
    assert wish.sealed_text.startswith("gAAAA")  # a Fernet token
    with wish.sealed_photo.open("rb") as handle:
        stored = handle.read()
    assert not stored.startswith(b"\xff\xd8") and b"PhoneMaker" not in stored and b"JFIF" not in stored


def test_photo_is_re_encoded_without_location_data(client, visit, clock):
    post_wish(client, visit, photo=SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"))
    clock["today"] = OPENED
    data = services.wish_photo(wish=Wish.objects.get())
    assert data.startswith(b"\xff\xd8") and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif().get(0x8825) and not image.getexif().get(0x010F)


def test_not_an_image_and_too_large_are_refused_and_the_text_is_kept(client, visit):
    response = post_wish(client, visit, photo=SimpleUploadedFile("p.jpg", b"%PDF-1.4 not a photo", "image/jpeg"))
    body = response.content.decode()
    assert response.status_code == 200 and "geen foto die wij kunnen lezen" in body and "de Dommel weer zo schoon" in body
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (50 * 1024 * 1024), "image/jpeg")
    response = post_wish(client, visit, photo=big)
    assert response.status_code == 200 and "groter dan 10 MB" in response.content.decode()
    assert not Wish.objects.exists()


def test_a_wish_of_20000_characters_gets_a_clear_message(client, visit):
    response = post_wish(client, visit, text="a" * 20000)
    body = response.content.decode()
    assert response.status_code == 200 and "20000 tekens" in body and "maximaal 2000" in body
    assert not Wish.objects.exists()
    with pytest.raises(services.ServiceError):
        services.wish_submit(visit=visit, text="a" * 2001)


def test_honeypot_refuses_bots(client, visit):
    response = post_wish(client, visit, nickname="bot")
    assert response.status_code == 200 and not Wish.objects.exists()


def test_a_burst_of_500_from_one_address_is_refused_after_the_limit(client, visit):
    capsule = Capsule.current()
    assert capsule.wishes_per_hour == 100
    refused = 0
    for _n in range(500):
        response = post_wish(client, visit, text="Meer bomen in de wijk", name="")
        if response.status_code == 200:
            refused += 1
            assert "Wacht even" in response.content.decode()
    assert Wish.objects.count() == 100 and refused == 400
    other = client.post(reverse("tijdscapsule:wish", kwargs={"pk": visit.pk}), {"text": "Schone lucht", "role": "inwoner"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302  # another address is not affected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Kijk op www.goedkoop-zonnepanelen.nl voor korting", "link"),
        ("Wat een kanker idee", "word list"),
        ("DIT IS ALLEMAAL ONZIN EN IK SCHREEUW HET HARD UIT HIER", "shouting"),
    ],
)
def test_flagged_wishes_are_held_and_not_counted(visit, text, reason):
    wish = services.wish_submit(visit=visit, text=text)
    assert wish.status == "held" and wish.flag_reason == reason
    assert services.wish_counts()["total"] == 0
    services.wish_moderate(wish=wish, actor=None, status="accepted")
    assert services.wish_counts()["total"] == 1


def test_wishes_are_only_taken_during_and_shortly_after_a_confirmed_visit(visit, clock):
    clock["today"] = VISIT_DAY - dt.timedelta(days=1)
    with pytest.raises(services.ServiceError):
        services.wish_submit(visit=visit, text="Te vroeg")
    clock["today"] = VISIT_DAY + dt.timedelta(days=7)
    services.wish_submit(visit=visit, text="Net op tijd")
    clock["today"] = VISIT_DAY + dt.timedelta(days=8)
    with pytest.raises(services.ServiceError):
        services.wish_submit(visit=visit, text="Te laat")


def test_counts_per_municipality_role_and_goal(client, visit):
    services.wish_submit(visit=visit, text="Schoon water", role="burgemeester", goals=[6])
    services.wish_submit(visit=visit, text="Schoon water en natuur", role="leerling", goals=[6, 15])
    counts = services.wish_counts()
    assert counts["total"] == 2
    assert counts["municipalities"][0]["wishes"] == 2 and counts["municipalities"][0]["name"] == visit.municipality.display_name
    assert {r["role"]: r["wishes"] for r in counts["roles"]}["burgemeester"] == 1
    assert {g["number"]: g["wishes"] for g in counts["goals"]}[6] == 2
    api = client.get("/api/v1/time-capsule-counts").json()
    assert api["total"] == 2 and api["isOpen"] is False and {g["goal"]: g["wishes"] for g in api["goals"]}[15] == 1


# --- the seal -------------------------------------------------------------------------------------


def pages(visit, wish):
    slug = visit.municipality.slug
    return [
        reverse("tijdscapsule:home"),
        reverse("tijdscapsule:counts"),
        reverse("tijdscapsule:visit", kwargs={"pk": visit.pk}),
        reverse("tijdscapsule:thanks", kwargs={"pk": visit.pk}),
        reverse("tijdscapsule:wishes", kwargs={"slug": slug}),
        reverse("pages:municipality", kwargs={"slug": slug}),
        "/api/v1/time-capsule-visits",
        f"/api/v1/time-capsule-visits/{visit.pk}",
        "/api/v1/time-capsule-counts",
    ]


def admin_pages(wish):
    return [
        reverse("admin:tijdscapsule_wish_changelist"),
        reverse("admin:tijdscapsule_wish_changelist") + "?q=Dommel",
        reverse("admin:tijdscapsule_wish_change", args=[wish.pk]),
        reverse("admin:tijdscapsule_visit_change", args=[wish.visit_id]),
        reverse("admin:tijdscapsule_tour"),
        reverse("admin:tijdscapsule_tour_csv"),
        reverse("admin:index") + "tijdscapsule/booklet/",
    ]


def test_nothing_reveals_a_wish_before_the_opening(client, visit, clock):
    from apps.privacy.services import user_data

    post_wish(client, visit, photo=SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"))
    wish = Wish.objects.get()
    clock["today"] = dt.date(2029, 12, 31)
    for url in pages(visit, wish):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "Dommel" not in body and SECRET_NAME not in body, url
    assert client.get(reverse("tijdscapsule:photo", kwargs={"pk": wish.pk})).status_code == 404
    assert client.post(reverse("tijdscapsule:booklet", kwargs={"slug": visit.municipality.slug})).status_code == 302
    assert not Booklet.objects.exists()
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    for url in admin_pages(wish):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "kleinkinderen" not in body and SECRET_NAME not in body, url  # (the search page repeats the query "Dommel")
    assert "verzegeld" in client.get(reverse("admin:tijdscapsule_wish_change", args=[wish.pk])).content.decode()
    assert client.get(reverse("tijdscapsule:photo", kwargs={"pk": wish.pk})).status_code == 404  # not for the team either
    assert "Dommel" not in str(user_data(team)) and "Dommel" not in str(user_data(visit.requested_by))
    with pytest.raises(services.Sealed):
        services.wish_reveal(wish=wish)
    with pytest.raises(services.Sealed):
        services.opened_wishes(municipality=visit.municipality)


def test_everything_appears_after_the_opening(client, visit, clock, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    post_wish(client, visit, goals=["6"], photo=SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg"))
    held = services.wish_submit(visit=visit, text="Bezoek www.spam.nl nu")
    wish = Wish.objects.get(status="accepted")
    clock["today"] = OPENED
    services.wish_publish(wish=wish, actor=None)  # the team read it first (test_seal.py)
    url = reverse("tijdscapsule:wishes", kwargs={"slug": visit.municipality.slug})
    body = client.get(url).content.decode()
    assert "de Dommel weer zo schoon" in body and SECRET_NAME in body and "spam.nl" not in body
    photo = client.get(reverse("tijdscapsule:photo", kwargs={"pk": wish.pk}))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert client.get(reverse("tijdscapsule:photo", kwargs={"pk": held.pk})).status_code == 404
    assert "De capsule is geopend" in client.get(reverse("tijdscapsule:counts")).content.decode()
    # the booklet: built by the background task (run at once in tests), then downloadable
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tijdscapsule:booklet", kwargs={"slug": visit.municipality.slug}))
    assert response.status_code == 302
    booklet = Booklet.objects.get()
    assert booklet.status == "ready"
    pdf = client.get(reverse("tijdscapsule:booklet", kwargs={"slug": visit.municipality.slug}))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Dommel" in text and "Gerrit" in text
    client.force_login(UserFactory(team=True, is_superuser=True))
    assert "de Dommel weer zo schoon" in client.get(reverse("admin:tijdscapsule_wish_change", args=[wish.pk])).content.decode()


def test_a_wrong_key_cannot_open_the_wishes(visit, clock, settings):
    wish = services.wish_submit(visit=visit, text=SECRET)
    clock["today"] = OPENED
    from cryptography.fernet import Fernet

    settings.TIJDSCAPSULE_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.SealError):
        services.wish_reveal(wish=wish)


def test_key_rotation_keeps_old_wishes_readable(visit, clock, settings):
    from cryptography.fernet import Fernet

    old = settings.TIJDSCAPSULE_KEY
    wish = services.wish_submit(visit=visit, text=SECRET)
    settings.TIJDSCAPSULE_KEY = f"{Fernet.generate_key().decode()},{old}"
    clock["today"] = OPENED
    assert services.wish_reveal(wish=wish)["text"] == SECRET


def test_without_a_key_setting_a_key_file_is_generated(settings, tmp_path):
    settings.TIJDSCAPSULE_KEY = ""
    settings.BASE_DIR = tmp_path
    crypto._fernet.cache_clear()  # a key read by an earlier test in this process
    token = crypto.seal_text("geheim")
    key_file = tmp_path / "var" / "tijdscapsule.key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    crypto._fernet.cache_clear()
    assert crypto.unseal_text(token) == "geheim"


def test_visit_page_is_public_only_when_confirmed(client, visit):
    request = Visit.objects.create(
        capsule=visit.capsule,
        municipality=visit.municipality,
        start_date=dt.date(2027, 6, 1),
        end_date=dt.date(2027, 6, 1),
        title="Nog niet bevestigd",
        event_type="school",
        address="x",
        expected_audience=1,
        contact_name="x",
        contact_email="x@example.org",
    )
    assert client.get(reverse("tijdscapsule:visit", kwargs={"pk": request.pk})).status_code == 404
    assert client.get(reverse("tijdscapsule:wish", kwargs={"pk": request.pk})).status_code == 404
    poster = client.get(reverse("tijdscapsule:poster", kwargs={"pk": visit.pk})).content.decode()
    assert "<svg" in poster and f"/bezoek/{visit.pk}/wens/" in poster


def test_demo_tour_is_sealed_and_idempotent(clock):
    from apps.core.demo import demo_load
    from apps.tijdscapsule.demo import load_demo

    demo_load(password="x")
    first = load_demo(password="x")
    again = load_demo(password="x")
    assert first["visits"] == again["visits"] >= 14 and first["wishes"] >= 40
    visits = Visit.objects.filter(status="confirmed")
    assert visits.filter(end_date__lt=dt.date(2026, 12, 1)).count() >= 8 and visits.filter(start_date__gt=dt.date(2026, 12, 1)).count() >= 3
    assert visits.filter(start_date__year=2024).exists()
    assert Visit.objects.filter(status="requested").exists() and Visit.objects.filter(status="proposed").exists()
    wish = Wish.objects.filter(status="accepted").first()
    assert wish.sealed_text.startswith("gAAAA")
    clock["today"] = OPENED
    assert services.wish_reveal(wish=wish)["text"].startswith(("Dat", "Ik", "Een", "Geen", "Meer", "Fiets", "Minder", "Groene", "Vrede", "Eerlijke"))
