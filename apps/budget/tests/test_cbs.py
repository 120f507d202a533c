"""The real CBS Iv3 budgets of all 342 municipalities (issue 18): loaded to the euro, idempotent,
older codes mapped, negative amounts kept, the fairer default key, honest charts.

One full load (2025) for the whole module; 2023 and 2024 are checked for all 342 municipalities
at the parse step (what the loader would write), which reads the database but writes nothing."""

import csv
import gzip
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from apps.budget import selectors, services
from apps.budget.models import Budget, BudgetLine, GoalTotal, KeyMode, Origin, Taakveld, Version
from apps.municipalities.models import Municipality

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "budget" / "cbs"


def file_sums(year: int) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """{(municipality's name in the database, code in the file): (lasten, baten) in euros}, read with
    the csv module (not the importer). The file's "Beek" is the database's "Beek (L.)"."""
    names = {}
    for name, display_name in Municipality.objects.values_list("name", "display_name"):
        names[name] = name
        names.setdefault(display_name, name)
    text = gzip.decompress(services.cbs_file(year).read_bytes()).decode("utf-8")
    sums = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        if row["Gemeenten"] == "Nederland":
            continue
        code = row["Taakveld"].split(" ")[0]
        name = names[row["Gemeenten"]]
        sums[(name, code)][0] += Decimal(row["Lasten"] or 0) * 1000
        sums[(name, code)][1] += Decimal(row["Baten"] or 0) * 1000
    return {key: tuple(value) for key, value in sums.items()}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """CBS 2025 for all municipalities, loaded once for the module inside a transaction that is rolled
    back afterwards (each test's own transaction nests in it as a savepoint)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            if not Taakveld.objects.exists():
                services.reference_load()
            data = gzip.decompress(services.cbs_file(2025).read_bytes())
            rows, report = services.cbs_parse(data=data, year=2025, filename="2025.csv")
            services._cbs_write(rows, year=2025, version=Version.PRIMITIVE, filename="2025.csv", report=report, progress=None)
            # the same file again (parsing is deterministic, so its rows are reused: the write decides what changes)
            again = {**report, "created": 0, "replaced": 0, "unchanged": 0, "kept_own_import": []}
            services._cbs_write(rows, year=2025, version=Version.PRIMITIVE, filename="2025.csv", report=again, progress=None)
            yield report, again
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_shipped_files_are_the_shared_files_byte_for_byte():
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    for year in (2023, 2024, 2025):
        assert gzip.decompress(services.cbs_file(year).read_bytes()) == (SHARED / f"iv3_begroting_{year}_alle_gemeenten.csv").read_bytes()


@pytest.mark.django_db
def test_2025_every_municipality_and_taakveld_equals_the_file_to_the_euro(loaded):
    report, _again = loaded
    assert report["municipalities"] == 342 and report["created"] == 342 and not report["refused"] and not report["unknown_municipalities"]
    expected = file_sums(2025)
    found = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for name, code, original, lasten, baten in BudgetLine.objects.filter(budget__year=2025, budget__origin=Origin.CBS).values_list(
        "budget__municipality__name", "taakveld__code", "original_code", "lasten", "baten"
    ):
        found[(name, original or code)][0] += lasten
        found[(name, original or code)][1] += baten
    found = {key: tuple(value) for key, value in found.items()}
    assert Budget.objects.filter(year=2025, origin=Origin.CBS).count() == 342
    assert len({name for name, _code in found}) == 342
    assert found == expected


@pytest.mark.django_db
def test_2025_goals_plus_the_separate_part_equal_the_total_for_every_municipality(loaded):
    budgets = {b.pk: b for b in Budget.objects.filter(year=2025, origin=Origin.CBS)}
    per_budget = defaultdict(Decimal)
    for budget_id, amount in GoalTotal.objects.filter(budget_id__in=budgets).values_list("budget_id", "amount"):
        per_budget[budget_id] += amount
    assert len(per_budget) == 342
    for pk, budget in budgets.items():
        assert per_budget[pk] + budget.total_separate == budget.total_lasten, budget
    # the total is the file's lasten without reserves (0.10) and the result (0.11)
    expected = defaultdict(Decimal)
    for (name, code), (lasten, _baten) in file_sums(2025).items():
        if code not in ("0.10", "0.11"):
            expected[name] += lasten
    assert {
        b.municipality.name: b.total_lasten for b in Budget.objects.filter(year=2025, origin=Origin.CBS).select_related("municipality")
    } == expected


@pytest.mark.django_db
def test_the_39_municipalities_with_negative_amounts_import(loaded):
    """Counted from the file: 39 municipalities have negative lasten on a taakveld where the old importer
    refused them (all but treasury, other income and expenditure, corporate tax, reserves, result and
    land development); they import now, with every negative amount as it is."""
    report, _again = loaded
    sums = file_sums(2025)
    allowed_before = set(Taakveld.objects.filter(negative_lasten_allowed=True).values_list("code", flat=True))
    refused_before = {name for (name, code), (lasten, _baten) in sums.items() if lasten < 0 and code not in allowed_before}
    assert len(refused_before) == 39
    assert report["with_negative_amounts"] == len({name for (name, _code), (lasten, baten) in sums.items() if lasten < 0 or baten < 0})
    negative = {key: value for key, value in sums.items() if value[0] < 0}
    in_db = {
        (name, original or code): lasten
        for name, code, original, lasten in BudgetLine.objects.filter(budget__year=2025, budget__origin=Origin.CBS, lasten__lt=0).values_list(
            "budget__municipality__name", "taakveld__code", "original_code", "lasten"
        )
    }
    assert in_db == {key: lasten for key, (lasten, _baten) in negative.items()}
    assert refused_before <= set(Budget.objects.filter(year=2025, origin=Origin.CBS).values_list("municipality__name", flat=True))


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing(loaded):
    _report, again = loaded
    assert again["unchanged"] == 342 and again["created"] == again["replaced"] == 0
    assert Budget.objects.filter(year=2025).count() == 342
    assert BudgetLine.objects.filter(budget__year=2025).count() == _report["lines"]


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2023, 2024])
def test_2023_and_2024_parse_to_the_file_for_all_342_with_older_codes_mapped_or_kept(year):
    per_municipality, report = services.cbs_parse(data=gzip.decompress(services.cbs_file(year).read_bytes()), year=year)
    assert report["municipalities"] == 342 and not report["refused"] and not report["unknown_municipalities"]
    assert report["mapped"]["6.71a → 6.711"] == 342 and report["mapped"]["6.81b → 6.812"] == 342
    assert report["kept_older_codes"]["6.72a"] == 342 and report["kept_older_codes"]["6.2"] == 342
    names = dict(Municipality.objects.values_list("pk", "name"))
    found = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for municipality_id, rows in per_municipality.items():
        for row in rows:
            key = (names[municipality_id], row["original"] or row["taakveld"].code)
            found[key][0] += row["lasten"]
            found[key][1] += row["baten"]
            if row["original"] and row["original"] != row["taakveld"].code:
                assert row["taakveld"].current
    assert {key: tuple(value) for key, value in found.items()} == file_sums(year)


@pytest.mark.django_db
def test_the_fairer_key_spreads_support_taakvelden_and_keeps_land_development_apart(loaded):
    utrecht = Budget.objects.get(year=2025, municipality__slug="utrecht", origin=Origin.CBS)
    lines = selectors.budget_lines(budget=utrecht)
    overhead = next(r for r in lines if r["code"] == "0.4")
    land = next(r for r in lines if r["code"] == "8.2")
    assert overhead["how"] == "distributed" and len(overhead["amounts"]) > 5
    assert land["how"] == "separate" and not land["amounts"]
    goals = {r["goal"].number: r["share"] for r in selectors.budget_goals(budget=utrecht)}
    assert goals[16] < Decimal("0.10") and goals[11] < Decimal("0.20")
    services.budget_key_mode_set(budget=utrecht, user=None, mode=KeyMode.SEPARATE)
    utrecht.refresh_from_db()
    total = sum(GoalTotal.objects.filter(budget=utrecht).values_list("amount", flat=True))
    assert total + utrecht.total_separate == utrecht.total_lasten
    assert utrecht.total_separate > land["lasten"]  # overhead, treasury and general cover now apart too


@pytest.mark.django_db
def test_every_municipality_has_its_real_budget_page(client, loaded):
    for slug in ("utrecht", "vlieland", "s-gravenhage"):
        response = client.get(f"/begroting/{slug}/")
        assert response.status_code == 200, slug
        assert "Bron: CBS" in response.content.decode()


@pytest.mark.django_db
def test_a_finance_officers_real_cbs_export_imports_with_its_unit_and_mapped_codes():
    """The CBS file of 2023 (thousands of euros, column 'Gemeenten', older codes) for one municipality:
    refused before issue 18 (unknown codes 6.71a, a thousandfold too small), recognised now."""
    utrecht = Municipality.objects.get(slug="utrecht")
    text = gzip.decompress(services.cbs_file(2023).read_bytes()).decode()
    lines = text.splitlines()
    own = [lines[0], *[line for line in lines[1:] if line.startswith(("Utrecht;", "Vlieland;"))]]
    sheet = services.import_read(name="utrecht.csv", data="\n".join(own).encode())
    budget_import = services.import_prepare(municipality=utrecht, user=None, year=2023, version=Version.PRIMITIVE, sheet=sheet)
    assert budget_import.problems == []
    assert budget_import.unit == 1000 and budget_import.unit_question == ""
    assert budget_import.notes["mapped"]["6.71a → 6.711"] == 1 and budget_import.notes["other_rows"] > 0
    expected = {code: lasten for (name, code), (lasten, _b) in file_sums(2023).items() if name == "Utrecht"}
    assert sum(Decimal(r["lasten"]) for r in budget_import.rows) == sum(expected.values())
    budget = services.import_confirm(budget_import=budget_import, user=None)
    assert budget.origin == Origin.IMPORT and budget.lines.filter(original_code="6.72a").exists()


@pytest.mark.django_db
def test_another_municipalitys_file_is_refused_and_the_unit_is_asked_when_implausible():
    utrecht = Municipality.objects.get(slug="utrecht")
    other = services.import_read(name="x.csv", data=b"Gemeenten;Taakveld;Lasten\nVlieland;0.1 Bestuur;1200.0\n")
    refused = services.import_prepare(municipality=utrecht, user=None, year=2025, version=Version.PRIMITIVE, sheet=other)
    assert refused.problems and "Vlieland" in refused.problems[0]["message"] and not refused.rows
    euros = services.import_read(name="x.csv", data=b"taakveld;lasten\n6.3;400000\n0.1;300000\n")
    asked = services.import_prepare(municipality=utrecht, user=None, year=2025, version=Version.PRIMITIVE, sheet=euros)
    assert asked.unit == 1 and asked.unit_question and not asked.problems
    with pytest.raises(services.BudgetError):
        services.import_confirm(budget_import=asked, user=None)
    services.import_unit_set(budget_import=asked, unit=1000)
    assert [r["lasten"] for r in asked.rows] == ["400000000.00", "300000000.00"] and asked.unit_question == ""


@pytest.mark.django_db
def test_a_numeric_code_that_could_be_0_10_is_refused_not_guessed():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["taakveld", "lasten"])
    workbook.active.append([0.1, 5])
    workbook.active.append([0.1, 7])
    out = io.BytesIO()
    workbook.save(out)
    sheet = services.import_read(name="b.xlsx", data=out.getvalue())
    found = services.import_prepare(
        municipality=Municipality.objects.get(slug="utrecht"), user=None, year=2025, version=Version.PRIMITIVE, sheet=sheet, unit=1
    )
    assert [p["row"] for p in found.problems] == [2, 3] and "0.10" in found.problems[0]["message"]


def test_charts_draw_negative_bars_below_the_axis_and_tiny_amounts_visibly():
    from apps.goals.models import Goal

    goals = [Goal(number=n) for n in (1, 2, 3)]
    rows = [
        {"goal": goals[0], "amount": Decimal("1000000000"), "share": Decimal(1)},
        {"goal": goals[1], "amount": Decimal("707800"), "share": Decimal(0)},
        {"goal": goals[2], "amount": Decimal("-5000000"), "share": Decimal(0)},
    ]
    bars = selectors.chart_bars(rows)["bars"]
    assert bars[1]["length"] == selectors.MIN_BAR and not bars[1]["negative"]
    assert bars[2]["negative"] and bars[2]["x"] + bars[2]["length"] == selectors.chart_bars(rows)["axis"]
    assert selectors.chart_bars([{**rows[0], "amount": Decimal(0)}])["bars"][0]["length"] == 0


@pytest.mark.django_db
def test_the_demo_puts_utrechts_own_choices_on_its_real_2025_budget(loaded):
    from apps.budget.demo import _utrecht_choices

    _utrecht_choices()
    budget = Budget.objects.get(municipality__slug="utrecht", year=2025, origin=Origin.CBS)
    assert budget.lines.filter(tagged=True).count() == 3 and budget.lines.filter(parent__isnull=False).count() == 1 and budget.paragraph
    assert sum(GoalTotal.objects.filter(budget=budget).values_list("amount", flat=True)) + budget.total_separate == budget.total_lasten


@pytest.mark.django_db
def test_the_campaign_team_loads_a_cbs_file_for_all_municipalities_in_the_back_office(admin_client, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from apps.budget.models import BulkLoad

    lines = gzip.decompress(services.cbs_file(2024).read_bytes()).decode().splitlines()
    small = "\n".join([lines[0], *[line for line in lines[1:] if line.startswith(("Vlieland;", "Utrecht;", "Nederland;"))]]).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:budget_bulkload_add"), {"year": 2024, "version": "primitive", "file": SimpleUploadedFile("iv3_2024.csv", small)}
        )
    assert response.status_code == 302
    load = BulkLoad.objects.get()
    assert load.status == BulkLoad.Status.DONE and load.done == load.total == 2
    assert load.report["created"] == 2 and load.report["national_rows"] > 0 and load.report["mapped"]["6.71a → 6.711"] == 2
    vlieland = Budget.objects.get(municipality__slug="vlieland", year=2024)
    assert vlieland.origin == Origin.CBS and vlieland.total_lasten > 0
    assert admin_client.get(reverse("admin:budget_bulkload_change", args=[load.pk])).status_code == 200


@pytest.mark.django_db
def test_the_campaign_team_imports_a_file_for_a_municipality_that_is_not_a_member(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from apps.budget.models import BudgetImport

    vlieland = Municipality.objects.get(slug="vlieland")
    assert not hasattr(vlieland, "membership")
    data = b"taakveld;lasten;baten\n0.1;1.200.000;0\n6.3;-50.000;0\n"
    response = admin_client.post(
        reverse("admin:budget_budgetimport_add"),
        {
            "municipality": vlieland.pk,
            "year": 2025,
            "version": "accounts",
            "number": 0,
            "file": SimpleUploadedFile("jaarrekening.csv", data),
            "unit_choice": "1",
        },
    )
    assert response.status_code == 302
    budget_import = BudgetImport.objects.get(municipality=vlieland)
    assert budget_import.problems == [] and [r["lasten"] for r in budget_import.rows] == ["1200000.00", "-50000.00"]
    admin_client.post(reverse("admin:budget_budgetimport_changelist"), {"action": "confirm_imports", "_selected_action": [budget_import.pk]})
    assert Budget.objects.get(municipality=vlieland, year=2025, version="accounts").total_lasten == Decimal("1150000.00")
