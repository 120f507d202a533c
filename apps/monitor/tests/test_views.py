"""Pages, access rules, open data, query counts, the VLR and the cross-app contract."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Role
from apps.monitor import selectors, services
from apps.monitor.models import AdoptedIndicator, Indicator, Review, Value
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def indicator(code):
    return Indicator.objects.get(code=code)


def fill(place, codes=("12.5.g1", "13.2.g1", "1.2.g1"), years=range(2015, 2025), public=True, start=200.0):
    for code in codes:
        AdoptedIndicator.objects.update_or_create(
            municipality=place, indicator=indicator(code), defaults={"public": public, "target_value": start * 0.5, "target_year": 2030}
        )
        Value.objects.bulk_create(
            [Value(municipality=place, indicator=indicator(code), year=y, value=start - 5 * (y - 2015)) for y in years], ignore_conflicts=True
        )


@pytest.fixture
def utrecht():
    return MembershipFactory(municipality=municipality("GM0344")).municipality


def test_a_coordinator_builds_the_set_a_member_enters_values(client, utrecht):
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=utrecht)
    member = UserFactory(municipality=utrecht)
    waste = indicator("12.5.g1")
    client.force_login(member)
    assert client.post(f"/werkruimte/utrecht/monitor/indicatoren/{waste.pk}/kiezen/").status_code == 403
    client.force_login(coordinator)
    response = client.post(f"/werkruimte/utrecht/monitor/indicatoren/{waste.pk}/kiezen/")
    adoption = AdoptedIndicator.objects.get(municipality=utrecht, indicator=waste)
    assert response.status_code == 302 and response["Location"].endswith(f"/set/{adoption.pk}/instellingen/")
    client.post(f"/werkruimte/utrecht/monitor/indicatoren/{waste.pk}/kiezen/")  # twice is harmless
    assert AdoptedIndicator.objects.filter(municipality=utrecht).count() == 1
    response = client.post(
        f"/werkruimte/utrecht/monitor/set/{adoption.pk}/instellingen/",
        {"baseline_year": 2018, "baseline_value": "210,5", "target_value": "100", "target_year": 2030, "public": "on"},
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.baseline_value == 210.5 and adoption.target_value == 100
    client.force_login(member)
    assert client.get(f"/werkruimte/utrecht/monitor/set/{adoption.pk}/instellingen/").status_code == 403
    response = client.post(f"/werkruimte/utrecht/monitor/set/{adoption.pk}/", {"year": 2023, "value": "181,4", "disaggregation": ""})
    assert response.status_code == 302
    assert Value.objects.get(municipality=utrecht, indicator=waste, year=2023).value == 181.4
    # bad input: the form comes back with the entry kept and a message
    response = client.post(f"/werkruimte/utrecht/monitor/set/{adoption.pk}/", {"year": 2023, "value": "veel"})
    assert response.status_code == 400 and b"veel" in response.content


def test_own_indicator_is_private_until_chosen(client, utrecht):
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=utrecht)
    client.force_login(coordinator)
    response = client.post(
        "/werkruimte/utrecht/monitor/indicatoren/eigen/",
        {
            "goal": 17,
            "target": "17.17",
            "name_nl": "Global Goals-activiteiten met inwoners",
            "definition_nl": "Aantal per jaar.",
            "unit_nl": "aantal",
            "direction": "up",
            "decimals": 0,
        },
    )
    assert response.status_code == 302
    own = Indicator.objects.get(municipality=utrecht)
    assert own.code.startswith("gm0344-17-") and not AdoptedIndicator.objects.get(indicator=own).public
    assert (
        client.post(
            "/werkruimte/utrecht/monitor/indicatoren/eigen/",
            {"goal": 17, "target": "3.1", "name_nl": "x", "definition_nl": "x", "unit_nl": "x", "direction": "up", "decimals": 0},
        ).status_code
        == 200
    )


def test_the_public_monitor_shows_only_public_indicators_with_status_words(client, utrecht):
    fill(utrecht, codes=("12.5.g1",), public=True)
    fill(utrecht, codes=("13.2.g1",), public=False)
    body = client.get("/monitor/utrecht/").content.decode()
    assert "Huishoudelijk restafval" in body and "Broeikasgasemissies" not in body
    # 200 -> 155 in 9 years (-2.8%/yr) against -4.5%/yr needed for 100 in 2030: ratio 0.62, moderate
    assert "monitor-status--moderate" in body and "Matige voortgang" in body
    assert client.get("/monitor/utrecht/13-2-g1/").status_code == 404
    page = client.get("/monitor/utrecht/12-5-g1/")
    assert page.status_code == 200 and b"<svg" in page.content and b"<table" in page.content
    english = client.get("/en/monitor/utrecht/12-5-g1/").content.decode()
    assert "Residual household waste" in english and "Series, ambition and comparison" in english


def test_peers_average_same_size_class_province_and_all_members_without_self():
    places = [
        MembershipFactory(municipality=municipality(code)).municipality for code in ("GM0344", "GM0307", "GM0310", "GM0321", "GM0327", "GM0363")
    ]
    utrecht, *others = places
    for index, place in enumerate(places):
        fill(place, codes=("12.5.g1",), years=[2022], start=100.0 + 10 * index)
    data = selectors.peers(indicator("12.5.g1"), utrecht)
    others_values = [100.0 + 10 * i - 35 for i in range(1, 6)]  # fill() writes start - 5 a year from 2015
    assert data["all"] == [(2022, pytest.approx(sum(others_values) / 5), 5)]
    province = [100.0 + 10 * i - 35 for i, p in enumerate(places) if i and p.province == utrecht.province]
    if len(province) >= 3:
        assert data["province"][0][1] == pytest.approx(sum(province) / len(province))
    size = [100.0 + 10 * i - 35 for i, p in enumerate(places) if i and p.size_class == utrecht.size_class]
    assert (data["size"] and data["size"][0][2] == len(size)) or len(size) < 3
    # a municipality that keeps the indicator private is not in the averages
    AdoptedIndicator.objects.filter(municipality=others[0]).update(public=False)
    assert selectors.peers(indicator("12.5.g1"), utrecht)["all"][0][2] == 4
    AdoptedIndicator.objects.filter(municipality__in=others[:3]).update(public=False)
    assert selectors.peers(indicator("12.5.g1"), utrecht)["all"] == []  # fewer than three: not shown


@pytest.mark.parametrize("url", ["/monitor/utrecht/", "/monitor/utrecht/12-5-g1/", "/werkruimte/utrecht/monitor/", "/gemeenten/utrecht/"])
def test_queries_per_page_do_not_grow_with_the_data(client, utrecht, url):
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=utrecht)
    client.force_login(coordinator)
    peers = [MembershipFactory().municipality for _ in range(3)]
    fill(utrecht, codes=("12.5.g1",), years=range(2020, 2023))
    for p in peers[:1]:
        fill(p, codes=("12.5.g1",), years=range(2020, 2023))
    client.get(url)
    cache.clear()  # both counts measure a render without cached parts (fill() writes values without signals)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    fill(utrecht, codes=[i.code for i in Indicator.objects.filter(municipality__isnull=True)[:30]], years=range(2010, 2025))
    for p in peers:
        fill(p, codes=("12.5.g1", "13.2.g1"), years=range(2010, 2025))
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) >= 3 and len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_open_data_csv_json_and_open_sdg(client, utrecht):
    fill(utrecht, codes=("12.5.g1", "1.2.g1"))
    Value.objects.create(municipality=utrecht, indicator=indicator("1.2.g1"), year=2024, disaggregation="Wijk: Overvecht", value=12.5)
    csv_text = client.get("/monitor/utrecht/12-5-g1/data.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "municipality,indicator,year,breakdown,value,unit" and "GM0344,12.5.g1,2024,,155.0,kg per inwoner" in csv_text
    body = json.loads(client.get("/monitor/utrecht/12-5-g1/data.json").content)
    assert body["indicator"]["code"] == "12.5.g1" and len(body["values"]) == 10 and body["ambition"]["value"] == 100.0
    archive = zipfile.ZipFile(io.BytesIO(client.get("/monitor/utrecht/open-sdg.zip").content))
    names = set(archive.namelist())
    assert {"data/indicator_12-5-g1.csv", "meta/indicator_12-5-g1.md", "data/indicator_1-2-g1.csv", "meta/indicator_1-2-g1.md"} <= names
    data = archive.read("data/indicator_1-2-g1.csv").decode().splitlines()
    assert data[0] == "Year,Series,Breakdown,Units,GeoCode,Value"
    assert any(line.startswith("2024,Households with a low income,Wijk: Overvecht,") for line in data)
    assert any(line.startswith("2015,Households with a low income,,") for line in data)  # blank = total
    meta = archive.read("meta/indicator_12-5-g1.md").decode()
    assert meta.startswith("---\n") and 'sdg_goal: "12"' in meta and 'target_id: "12.5"' in meta and 'reporting_status: "complete"' in meta


def test_import_through_the_pages(client, utrecht):
    member = UserFactory(municipality=utrecht)
    client.force_login(member)
    bad = SimpleUploadedFile("w.csv", b"indicator;jaar;waarde\n12.5.g1;2022;veel\n")
    response = client.post("/werkruimte/utrecht/monitor/import/", {"file": bad})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert b"veel" in preview.content and not Value.objects.exists()
    good = SimpleUploadedFile("w.csv", b"indicator;jaar;waarde\n12.5.g1;2022;181\n12.5.g1;2023;175\n")
    response = client.post("/werkruimte/utrecht/monitor/import/", {"file": good})
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/werkruimte/utrecht/monitor/import/{pk}/bevestigen/").status_code == 302
    assert client.post(f"/werkruimte/utrecht/monitor/import/{pk}/bevestigen/").status_code == 302  # double submit
    assert Value.objects.count() == 2
    empty = client.post("/werkruimte/utrecht/monitor/import/", {"file": SimpleUploadedFile("w.csv", b"")})
    assert empty.status_code == 200  # a file-level problem is shown on the form


def test_another_municipality_gets_403(client, utrecht):
    other = UserFactory(role=Role.COORDINATOR)
    fill(utrecht, codes=("12.5.g1",))
    adoption = AdoptedIndicator.objects.get(municipality=utrecht)
    client.force_login(other)
    for url in ["/werkruimte/utrecht/monitor/", f"/werkruimte/utrecht/monitor/set/{adoption.pk}/", "/werkruimte/utrecht/monitor/open-sdg.zip"]:
        assert client.get(url).status_code == 403
    assert client.post(f"/werkruimte/utrecht/monitor/set/{adoption.pk}/", {"year": 2023, "value": "1"}).status_code == 403
    assert Value.objects.filter(year=2023).count() == 1


def test_goal_indicators_contract(utrecht):
    fill(utrecht, codes=("12.5.g1", "1.2.g1"))
    with CaptureQueriesContext(connection) as ctx:
        result = selectors.goal_indicators(municipality=utrecht, goal=12)
    assert len(ctx) <= 3
    assert result == [
        {
            "name": "Huishoudelijk restafval",
            "url": "/monitor/utrecht/12-5-g1/",
            "status": result[0]["status"],
            "status_label": result[0]["status_label"],
        }
    ]
    assert result[0]["status"] in {"on_track", "moderate", "off_track", "insufficient_data"} and result[0]["status_label"]
    assert selectors.goal_indicators(municipality=utrecht, goal=5) == []


def test_one_action_makes_a_draft_review_and_its_pdf(client, utrecht, settings, tmp_path, django_capture_on_commit_callbacks):
    import pypdfium2

    settings.MEDIA_ROOT = tmp_path
    fill(utrecht, codes=("12.5.g1",))
    member = UserFactory(municipality=utrecht)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/werkruimte/utrecht/monitor/vlr/", {"language": "en", "year": 2026})
    review = Review.objects.get(municipality=utrecht)
    assert response.status_code == 302 and review.language == "en" and "Voluntary Local Review 2026" in review.title
    client.post("/werkruimte/utrecht/monitor/vlr/", {"language": "en", "year": 2026})  # twice: opens the same
    assert Review.objects.count() == 1
    review.refresh_from_db()
    assert review.pdf_status == Review.PdfStatus.READY
    pdf = client.get(f"/werkruimte/utrecht/monitor/vlr/{review.pk}/pdf/")
    content = b"".join(pdf.streaming_content)
    document = pypdfium2.PdfDocument(content)
    assert len(document) >= 3
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Residual household waste" in text and "Annex" in text
    image = document[0].render(scale=0.5).to_pil()
    assert image.size[0] > 200 and len(set(image.convert("L").getdata())) > 2  # something is drawn on the cover
    # edit a section: the web version shows it at once
    data = {"title": "Utrecht VLR", "introduction": "Our own words.", "approach": "x", "conclusion": "y", "goal_12": "Less waste."}
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(f"/werkruimte/utrecht/monitor/vlr/{review.pk}/", data).status_code == 302
    page = client.get(f"/werkruimte/utrecht/monitor/vlr/{review.pk}/").content.decode()
    assert "Our own words." in page and "Less waste." in page
    # a coach may read but not change it
    coach = UserFactory(role=Role.COACH, municipality=None)
    from apps.accounts.models import AccessGrant

    AccessGrant.objects.create(user=coach, municipality=utrecht, reason="Pilot")
    client.force_login(coach)
    assert client.get(f"/werkruimte/utrecht/monitor/vlr/{review.pk}/").status_code == 200
    assert client.post(f"/werkruimte/utrecht/monitor/vlr/{review.pk}/", data).status_code == 403


def test_demo_gives_every_member_a_monitor_and_is_idempotent():
    from apps.core.demo import demo_load
    from apps.membership.models import Membership
    from apps.monitor.demo import load_demo

    demo_load(password="x", members=12)
    first = load_demo(password="x")
    assert first["values"] >= 12 * 13 * 9
    assert load_demo(password="x")["values"] == 0
    for membership in Membership.objects.select_related("municipality"):
        rows = selectors.monitor_rows(membership.municipality, public_only=False)
        assert len(rows) >= 13 and all(len(r.series) >= 3 for r in rows if r.indicator.code != "16.7.g1")
    utrecht = municipality("GM0344")
    statuses = {r.status for r in selectors.monitor_rows(utrecht, public_only=False)}
    assert len(statuses) >= 3  # the demo shows more than one colour of progress
    services  # noqa: B018 - imported for the API test module


def test_the_workspace_dashboard_shows_a_change_at_once(client, utrecht):
    """The dashboard's goal tables are cached (workspace_views.DashboardView._goals) under the
    Monitor's version: choosing an indicator or entering a value shows on the next visit."""
    coordinator = UserFactory(role=Role.COORDINATOR, municipality=utrecht)
    client.force_login(coordinator)
    fill(utrecht, codes=("12.5.g1",))
    dashboard = "/werkruimte/utrecht/monitor/"
    waste, climate = indicator("12.5.g1"), indicator("13.2.g1")
    assert waste.name in client.get(dashboard).text and f'id="goal-{climate.goal_id}"' not in client.get(dashboard).text
    client.post(f"/werkruimte/utrecht/monitor/indicatoren/{climate.pk}/kiezen/")
    assert f'id="goal-{climate.goal_id}"' in client.get(dashboard).text
    adoption = AdoptedIndicator.objects.get(municipality=utrecht, indicator=waste)
    assert '<span class="muted">(2025)</span>' not in client.get(dashboard).text  # fill() wrote 2015-2024
    response = client.post(f"/werkruimte/utrecht/monitor/set/{adoption.pk}/", {"year": 2025, "value": "77", "disaggregation": ""})
    assert response.status_code == 302
    assert '<span class="muted">(2025)</span>' in client.get(dashboard).text  # the latest value is 2025's now
