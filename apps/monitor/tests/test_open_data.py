"""Open data for every municipality: the loader (values equal the source files after the documented
reorganisation and per-inhabitant steps, idempotent, older divisions), the CBS OData update against
recorded-shape responses, the public monitor page of any municipality and the workspace choices.

The three sets are loaded once for the module (about 30,000 values) and removed afterwards."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.monitor import cbs_odata, open_sets, selectors
from apps.monitor.models import AdoptedIndicator, HiddenOpenIndicator, Indicator, OpenDataset, OpenPeerStat, OpenValue
from apps.monitor.open_loader import open_data_load_all, open_dataset_load
from apps.monitor.tasks import load_open_dataset
from apps.municipalities.models import Municipality
from tests.factories import MembershipFactory, UserFactory

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "indicators-open"
FIXTURE = Path(__file__).parent / "fixtures" / "cbs_70072ned_odata.json"
KWH = 1e12 / 3.6e6

# 20 municipalities: the three reorganised ones (Voorne aan Zee 2023, Amsterdam + Weesp 2022, the four
# of 1 January 2022 among them Dijk en Waard and Land van Cuijk), the islands without income figures,
# big and small, every province.
SAMPLE = [
    "GM1992", "GM0363", "GM1980", "GM1982", "GM1991", "GM0439", "GM0344", "GM0014", "GM0034", "GM0096",
    "GM0088", "GM0518", "GM0599", "GM0935", "GM0080", "GM0106", "GM0193", "GM0664", "GM0687", "GM1680",
]  # fmt: skip
MERGERS = {r.new_code: list(r.old_codes) for r in open_sets.reorganisations()}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reports = {r.dataset: r for r in open_data_load_all()}
        yield reports
        codes = [c for s in open_sets.SETS.values() for c in (col.code for col in s.columns)]
        OpenValue.objects.all().delete()
        OpenPeerStat.objects.all().delete()
        OpenDataset.objects.all().delete()
        Indicator.objects.filter(code__in=codes).delete()
        Indicator.history.filter(code__in=codes).delete()


def _source(name: str) -> Path:
    """The shared original when present, else the copy shipped in the repository."""
    shared = SHARED / name
    return shared if shared.exists() else open_sets.DATA_DIR / f"{name}.gz"


def _rows(name: str, **kwargs) -> list[list[str]] | list[dict]:
    path = _source(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=kwargs.pop("encoding", "utf-8"), newline="") as handle:
        if kwargs.get("delimiter"):
            return list(csv.reader(handle, delimiter=kwargs["delimiter"]))
        return list(csv.DictReader(handle))


def _num(text):
    text = (text or "").strip()
    return None if text in {"", ".", "?", "-"} else float(text.replace(",", "."))


def expected_values() -> dict[tuple[str, str, int], float]:
    """(indicator code, municipality code, year) -> value, computed here straight from the files."""
    expected = {}
    # income: the published figures as they are (the file is on the 2025 division)
    rows = _rows("inkomen_vermogen_gemeente_2011_2023.csv", encoding="utf-8-sig", delimiter=";")
    header = rows[0]
    for code, column in ((c.code, open_sets.INCOME.headers[c.fields[0]]) for c in open_sets.INCOME.columns):
        index = header.index(column)
        for row in rows[1:]:
            if row and row[0] in SAMPLE and _num(row[index]) is not None:
                expected[(code, row[0], int(row[1]))] = _num(row[index])
    # energy: sum the old municipalities of 2019 (division 2021) into the current one, then compute
    energy = _rows("etlocal_energie_gemeente_2019_2023.csv")
    by_key = {(r["geo_id"], int(r["jaar"])): r for r in energy}

    def total(code, year, fields):
        parts = [by_key[(old, year)] for old in MERGERS.get(code, [code]) if (old, year) in by_key] if year == 2019 else [by_key[(code, year)]]
        return sum(float(p[f]) for p in parts for f in fields)

    pv = ["input_households_solar_pv_demand", "input_buildings_solar_pv_demand", "input_energy_power_solar_pv_solar_radiation_production"]
    wind = [
        "input_energy_power_wind_turbine_inland_production",
        "input_energy_power_wind_turbine_coastal_production",
        "input_energy_power_wind_turbine_offshore_production",
    ]
    electricity = ["households_final_demand_electricity_demand", "input_buildings_electricity_demand", "agriculture_final_demand_electricity_demand"]
    for code in SAMPLE:
        for year in (2019, 2023):
            people = total(code, year, ["number_of_inhabitants"])
            expected[("7.2.o1", code, year)] = total(code, year, pv + wind) / total(code, year, electricity) * 100
            expected[("7.2.o2", code, year)] = total(code, year, pv) * KWH / people
            expected[("7.2.o3", code, year)] = total(code, year, pv + wind)
            expected[("7.3.o1", code, year)] = total(code, year, ["households_final_demand_electricity_demand"]) * KWH / people
            expected[("7.3.o2", code, year)] = total(code, year, ["households_final_demand_network_gas_demand"]) * 1000 / people
            expected[("13.2.o1", code, year)] = total(
                code, year, ["households_final_demand_network_gas_demand", "buildings_final_demand_network_gas_demand"]
            )
            expected[("11.6.o1", code, year)] = total(code, year, ["number_of_cars"]) / people * 1000
    # turnout: recomputed from its parts; equals the published percentage to its two decimals
    for row in _rows("tk2023_opkomst_gemeente.csv"):
        if row["gemeentecode"] in SAMPLE:
            value = float(row["uitgebrachte_stemmen"]) / float(row["opgeroepenen"]) * 100
            assert round(value, 2) == pytest.approx(float(row["opkomst_pct"]), abs=0.006)
            expected[("16.7.o1", row["gemeentecode"], 2023)] = value
    return expected


def _shown(value: float, decimals: int) -> str:
    """Django's floatformat in Dutch (half up, decimal comma, no grouping)."""
    text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return text.replace(".", ",")


@pytest.mark.django_db
def test_sample_of_20_municipalities_every_column_equals_the_source_files(loaded, client):
    expected = expected_values()
    stored = {
        (code, muni, year): value
        for code, muni, year, value in OpenValue.objects.filter(municipality__cbs_code__in=SAMPLE).values_list(
            "indicator__code", "municipality__cbs_code", "year", "value"
        )
    }
    assert {c for c, _m, _y in expected} == set(open_sets.COLUMNS)  # every loaded column is checked
    assert len(expected) > 1500
    missing = [key for key in expected if key not in stored]
    assert not missing
    for key, value in expected.items():
        assert stored[key] == pytest.approx(value, rel=1e-12), key
    # nothing is stored that the files do not give (e.g. no income for the Wadden islands in 2023)
    assert {k for k, v in stored.items() if v is not None} == set(expected)
    # the open-data export shows every value of the 20 as stored ...
    for code in SAMPLE:
        slug = Municipality.objects.get(cbs_code=code).slug
        export = csv.DictReader(client.get(reverse("monitor:open_data_csv", args=[slug])).content.decode("utf-8-sig").splitlines())
        shown = {(r["indicator"], code, int(r["year"])): float(r["value"]) for r in export if r["value"]}
        mine = {k: v for k, v in expected.items() if k[1] == code}
        assert shown.keys() == mine.keys()
        assert all(shown[k] == pytest.approx(v, rel=1e-12) for k, v in mine.items())
    # ... and the page shows the latest value of each indicator, rounded as the indicator says
    for code in ("GM1992", "GM0363", "GM0096"):  # merged, continuing, an island without income in 2023
        municipality = Municipality.objects.get(cbs_code=code)
        html = client.get(reverse("monitor:dashboard", args=[municipality.slug])).content.decode()
        for indicator_code, (_set, column) in open_sets.COLUMNS.items():
            years = [y for (c, m, y) in expected if c == indicator_code and m == code]
            if years:
                shown = _shown(expected[(indicator_code, code, max(years))], column.decimals)
                assert f'data-open-value="{indicator_code}">{shown}<' in html, (code, indicator_code)


@pytest.mark.django_db
def test_a_file_on_the_older_division_is_carried_over_to_the_current_one(loaded, client):
    report = loaded["etlocal-energie"]
    assert report.rows_read == 694 and report.rows_matched == 694 and report.rows_refused == 0
    assert "2019: GM0501+GM0530+GM0614 -> GM1992" in report.carried_over
    assert "2019: GM0363+GM0457 -> GM0363" in report.carried_over
    voorne = OpenValue.objects.get(indicator__code="7.3.o1", municipality__cbs_code="GM1992", year=2019)
    assert [code for code, _name in voorne.computation["merged_from"]] == ["GM0501", "GM0530", "GM0614"]
    energy = {(r["geo_id"], r["jaar"]): r for r in _rows("etlocal_energie_gemeente_2019_2023.csv")}
    people = sum(int(energy[(c, "2019")]["number_of_inhabitants"]) for c in ("GM0501", "GM0530", "GM0614"))
    assert voorne.computation["denominator"] == people  # the parts are added up, then divided
    page = client.get(reverse("monitor:dashboard", args=["voorne-aan-zee"])).content.decode()
    assert "Brielle (GM0501), Hellevoetsluis (GM0530), Westvoorne (GM0614)" in page


@pytest.mark.django_db
def test_loading_again_changes_nothing(loaded):
    def snapshot():
        return sorted(
            OpenValue.objects.values_list(
                "indicator__code", "municipality_id", "year", "value", "empty_reason", "rank_all", "rank_province", "rank_size"
            )
        ), sorted(OpenPeerStat.objects.values_list("indicator__code", "year", "group", "count", "median"))

    before = snapshot()
    indicators = Indicator.objects.count()
    for key in ("etlocal-energie", "kiesraad-tk2023-opkomst"):  # the loader is the same for every set; income is the largest
        open_dataset_load(key=key)
    assert snapshot() == before
    assert Indicator.objects.count() == indicators
    assert Indicator.history.filter(code="16.7.o1").count() == 1  # no new history when nothing changed


@pytest.mark.django_db
def test_ranks_and_peer_medians_are_precomputed(loaded):
    values = list(OpenValue.objects.filter(indicator__code="16.7.o1", year=2023).values_list("value", "rank_all", "count_all"))
    assert len(values) == 342 and all(count == 342 for _v, _r, count in values)
    best = max(values)
    assert best[1] == 1  # higher turnout is better
    stat = OpenPeerStat.objects.get(indicator__code="16.7.o1", year=2023, group="all")
    ordered = sorted(v for v, _r, _c in values)
    assert stat.median == pytest.approx((ordered[170] + ordered[171]) / 2)


@pytest.mark.django_db
def test_cbs_odata_update_from_recorded_responses(loaded, monkeypatch):
    responses = json.loads(FIXTURE.read_text(encoding="utf-8"))
    requested = []

    def fetch(url):
        requested.append(url)
        return responses[url] if url in responses else responses["TypedDataSet"]

    monkeypatch.setattr(cbs_odata, "fetch_json", fetch)
    call_command("update_cbs_open_data", "--table", "70072NED", stdout=io.StringIO())
    assert requested[0].endswith("/70072NED/DataProperties")
    assert "startswith(RegioS,'GM')" in requested[1] and len(requested) == 3  # followed the next link
    report = OpenDataset.objects.get(key="cbs-70072ned-inkomen").report
    assert report["rows_read"] == 5  # the quarterly row is skipped
    assert report["refused"] == {"unknown_code": 1} and report["refused_examples"]["unknown_code"] == ["GM9999"]
    utrecht = OpenValue.objects.get(indicator__code="10.1.o1", municipality__cbs_code="GM0344", year=2024)
    assert utrecht.value == 51.9
    # Amsterdam and Weesp in 2021: an average cannot be combined without its parts
    amsterdam = OpenValue.objects.get(indicator__code="10.1.o1", municipality__cbs_code="GM0363", year=2021)
    assert amsterdam.value is None and amsterdam.empty_reason == OpenValue.EmptyReason.MERGED_LEVEL


@pytest.mark.django_db
def test_command_task_and_report(loaded):
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("load_open_data", "--set", "kiesraad-tk2023-opkomst", stdout=Out())
    assert "342 rows read, 342 matched, 0 refused" in "".join(out)
    result = load_open_dataset.enqueue("kiesraad-tk2023-opkomst")
    assert result.return_value["values"] == 342 and result.return_value["rows_refused"] == 0


@pytest.mark.django_db
def test_public_monitor_for_every_municipality_with_constant_queries(loaded, client):
    counts = []
    for slug in ("vlieland", "utrecht", "voorne-aan-zee"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("monitor:dashboard", args=[slug]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1 and counts[0] <= 8
    html = response.content.decode()
    assert "Voor doel 14 zijn nog geen open gegevens per gemeente: voeg eigen indicatoren toe." in html
    assert "Bron: CBS StatLine, Regionale kerncijfers Nederland (70072NED), CC BY 4.0" in html and "Licentie: CC BY 4.0" in html
    assert "<svg" in html and ("mediaan" in html or "median" in html)  # charts with their table
    csv_text = client.get(reverse("monitor:open_data_csv", args=["voorne-aan-zee"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(csv_text.splitlines()))
    turnout = next(r for r in rows if r["indicator"] == "16.7.o1")
    assert turnout["table_id"] == "osv4-3 TK2023" and turnout["licence"].startswith("MIT") and turnout["year"] == "2023"
    merged = next(r for r in rows if r["indicator"] == "7.3.o1" and r["year"] == "2019")
    assert "merged from GM0501 Brielle" in merged["computation"]


@pytest.mark.django_db
def test_municipality_hides_and_adopts_open_indicators(loaded, client):
    membership = MembershipFactory(municipality=Municipality.objects.get(cbs_code="GM0344"))
    municipality = membership.municipality
    coordinator = UserFactory(municipality=municipality, role="coordinator")
    client.force_login(coordinator)
    turnout = Indicator.objects.get(code="16.7.o1")
    response = client.post(reverse("monitor_workspace:open_hide", args=[municipality.slug, turnout.pk]), {"hidden": "1"})
    assert response.status_code == 302 and HiddenOpenIndicator.objects.filter(municipality=municipality, indicator=turnout).exists()
    public = client.get(reverse("monitor:dashboard", args=[municipality.slug])).content.decode()
    assert 'data-open-value="16.7.o1"' not in public and 'data-open-value="10.1.o1"' in public
    # adopt an open-data indicator with an ambition: its published series feeds the status and the VLR
    income = Indicator.objects.get(code="10.1.o1")
    client.post(reverse("monitor_workspace:adopt", args=[municipality.slug, income.pk]))
    adoption = AdoptedIndicator.objects.get(municipality=municipality, indicator=income)
    adoption.target_value, adoption.target_year = 60, 2030
    adoption.save()
    row = next(r for r in selectors.monitor_rows(municipality, public_only=False) if r.indicator == income)
    assert row.series[-1] == (2023, OpenValue.objects.get(indicator=income, municipality=municipality, year=2023).value)
    assert row.assessment.required is not None
    dashboard = client.get(reverse("monitor_workspace:dashboard", args=[municipality.slug])).content.decode()
    assert "in uw set" in dashboard
    # the Voluntary Local Review: the adopted one with its ambition, the other published figures per goal
    from apps.monitor.models import Review
    from apps.monitor.vlr import review_context

    sections = {s["goal"].number: s for s in review_context(Review(municipality=municipality, language="nl", year=2026, title="VLR"))["sections"]}
    assert income in [r.indicator for r in sections[10]["summary"].rows]
    assert income not in [r.indicator for r in sections[10]["open_rows"]]
    assert {r.indicator.code for r in sections[7]["open_rows"]} == {"7.2.o1", "7.2.o2", "7.2.o3", "7.3.o1", "7.3.o2"}


def test_shipped_copies_equal_the_shared_files():
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    for spec in open_sets.SETS.values():
        original = SHARED / spec.file.removesuffix(".gz")
        assert hashlib.sha256(gzip.decompress(spec.path.read_bytes())).digest() == hashlib.sha256(original.read_bytes()).digest()


@pytest.mark.django_db
def test_campaign_team_loads_a_set_again_from_the_back_office(loaded, client):
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    dataset = OpenDataset.objects.get(key="kiesraad-tk2023-opkomst")
    OpenDataset.objects.filter(pk=dataset.pk).update(report={})
    response = client.post(reverse("admin:monitor_opendataset_changelist"), {"action": "load_again", "_selected_action": [dataset.pk]}, follow=True)
    assert response.status_code == 200
    dataset.refresh_from_db()
    assert dataset.report["rows_read"] == 342 and dataset.report["rows_matched"] == 342 and dataset.report["refused"] == {}
    page = client.get(reverse("admin:monitor_opendataset_change", args=[dataset.pk])).content.decode()
    assert "rows_refused" in page and "Kiesraad" in page


@pytest.mark.django_db
def test_the_workspace_dashboards_open_rows_are_the_open_monitors_rows_as_plain_values(loaded):
    """selectors.open_rows_all: what the dashboard's table shows of every row, cached without model instances."""
    municipality = Municipality.objects.get(cbs_code="GM0344")
    full = [row for goal in selectors.open_monitor_all(municipality) for row in goal.rows]
    for _ in range(2):  # computed, then from the cache
        plain = selectors.open_rows_all(municipality)
        assert len(plain) == len(full) > 0
        assert [
            (
                p.indicator.pk,
                p.indicator.name,
                p.indicator.unit,
                p.indicator.decimals,
                p.latest and (p.latest.value, p.latest.year),
                p.dataset and p.dataset.licence,
            )
            for p in plain
        ] == [
            (
                r.indicator.pk,
                str(r.indicator.name),
                str(r.indicator.unit),
                r.indicator.decimals,
                r.latest and (r.latest.value, r.latest.year),
                r.dataset and r.dataset.licence,
            )
            for r in full
        ]
