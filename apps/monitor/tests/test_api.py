"""The Monitor in the open API: public series without a key; values pushed with a municipality's
key, for its own municipality only."""

import pytest

from apps.api import services as api_services
from apps.monitor.models import AdoptedIndicator, Indicator, Value
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


@pytest.fixture
def places():
    utrecht = MembershipFactory(municipality=municipality("GM0344")).municipality
    amersfoort = MembershipFactory(municipality=municipality("GM0307")).municipality
    return utrecht, amersfoort


def test_public_series_and_library_without_a_key(client, places):
    utrecht, amersfoort = places
    waste = Indicator.objects.get(code="12.5.g1")
    AdoptedIndicator.objects.create(municipality=utrecht, indicator=waste, target_value=100, public=True)
    AdoptedIndicator.objects.create(municipality=amersfoort, indicator=waste, public=False)
    for year in (2020, 2021, 2022):
        Value.objects.create(municipality=utrecht, indicator=waste, year=year, value=200 - year % 100)
        Value.objects.create(municipality=amersfoort, indicator=waste, year=year, value=150)
    series = client.get("/api/v1/monitor-series").json()
    assert series["count"] == 1
    item = series["results"][0]
    assert item["municipality"] == "GM0344" and item["indicator"] == "12.5.g1" and item["ambitionValue"] == 100
    assert [v["year"] for v in item["values"]] == [2020, 2021, 2022] and item["status"] in {"on_track", "moderate", "off_track"}
    values = client.get("/api/v1/indicator-values?indicator=12.5.g1&pageSize=100").json()
    assert values["count"] == 3 and {v["municipality"] for v in values["results"]} == {"GM0344"}  # Amersfoort's are not public
    library = client.get("/api/v1/monitor-indicators?goal=12").json()
    assert {i["code"] for i in library["results"]} >= {"12.5.g1", "12.5.g2"} and library["results"][0]["name"]["en"]
    assert client.get("/api/v1/monitor-indicators/12.5.g1").json()["unit"]["nl"] == "kg per inwoner"
    problem(client.get("/api/v1/monitor-series?goal=18"), 400)
    problem(client.get("/api/v1/monitor-series?colour=red"), 400)


def test_a_key_pushes_values_for_its_own_municipality_only(client, places):
    utrecht, amersfoort = places
    key, raw = api_services.api_key_create(municipality=utrecht, name="Datawarehouse")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"indicator": "12.5.g1", "year": 2023, "value": 172.5}
    problem(client.post("/api/v1/indicator-values", body, content_type="application/json"), 401)
    response = client.post("/api/v1/indicator-values", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["municipality"] == "GM0344"
    assert Value.objects.get(municipality=utrecht, year=2023).value == 172.5
    assert AdoptedIndicator.objects.filter(municipality=utrecht, indicator__code="12.5.g1").exists()
    # the same year again replaces the value
    client.post("/api/v1/indicator-values", {**body, "value": 170}, content_type="application/json", **auth)
    assert Value.objects.get(municipality=utrecht, year=2023).value == 170
    # another municipality's values: refused, nothing written
    problem(client.post("/api/v1/indicator-values", {**body, "municipality": "GM0307"}, content_type="application/json", **auth), 403)
    assert not Value.objects.filter(municipality=amersfoort).exists()
    # another municipality's own indicator cannot be written either
    theirs = Indicator.objects.create(
        code="gm0307-17-1", goal_id=17, name_nl="Eigen", name_en="Own", unit_nl="aantal", unit_en="number", municipality=amersfoort
    )
    problem(client.post("/api/v1/indicator-values", {**body, "indicator": theirs.code}, content_type="application/json", **auth), 400)
    problem(client.post("/api/v1/indicator-values", {**body, "indicator": "99.9.x"}, content_type="application/json", **auth), 400)
    problem(client.post("/api/v1/indicator-values", {**body, "year": 2099}, content_type="application/json", **auth), 400)
    problem(client.post("/api/v1/indicator-values", {**body, "value": "veel"}, content_type="application/json", **auth), 400)
    # a revoked key is refused at once
    api_services.api_key_revoke(key=key, municipality=utrecht)
    problem(client.post("/api/v1/indicator-values", body, content_type="application/json", **auth), 401)


def test_privacy_export_and_anonymise(places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.monitor import privacy, services
    from apps.monitor.models import Upload
    from tests.factories import UserFactory

    utrecht, _amersfoort = places
    person, other = UserFactory(municipality=utrecht), UserFactory(municipality=utrecht)
    services.upload_check(municipality=utrecht, user=person, upload=SimpleUploadedFile("mijn.csv", b"indicator,year,value\n12.5.g1,2022,1\n"))
    services.upload_check(municipality=utrecht, user=other, upload=SimpleUploadedFile("ander.csv", b"indicator,year,value\n12.5.g1,2022,1\n"))
    assert [u["file"] for u in privacy.export(person)["uploads"]] == ["mijn.csv"]
    privacy.anonymise(person)
    assert Upload.objects.filter(uploaded_by=None).count() == 1 and Upload.objects.filter(uploaded_by=other).count() == 1
