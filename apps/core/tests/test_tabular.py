"""The one tabular import (apps/core/tabular.py): formats, codes as text, number notations, the ZIP guard."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from apps.core import tabular
from apps.core.exceptions import ServiceError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def xlsx(rows, formats=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet: text cells, and (value, text) tuples as float cells."""
    cells_xml = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):
                value, text = cell
                cells.append(f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{text}</text:p></table:table-cell>')
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>')
        cells_xml.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:spreadsheet><table:table table:name="Blad1">{"".join(cells_xml)}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def bomb(size: int = 30 * 1024 * 1024, entries: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in range(entries):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", b"\0" * (size // entries))
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("1.633", tabular.DUTCH, "1633"),
        ("1.633", tabular.ENGLISH, "1.633"),
        ("1.633,50", None, "1633.50"),
        ("1,633.50", None, "1633.50"),
        ("2,8 %", None, "2.8"),
        ("€ 1.633", tabular.DUTCH, "1633"),
        ("-1.000", tabular.DUTCH, "-1000"),
        ("(500)", None, "-500"),
        ("25585.0", None, "25585.0"),
        ("1.234.567", None, "1234567"),
        ("12", None, "12"),
    ],
)
def test_numbers_are_read_in_the_notation_the_text_or_column_settles(text, convention, expected):
    assert tabular.to_decimal(text, convention) == Decimal(expected)


def test_a_number_that_reads_two_ways_is_refused_without_a_notation():
    with pytest.raises(ValueError, match="two ways"):
        tabular.to_decimal("1.633", None)
    assert tabular.to_decimal(tabular.Cell(0.1, "0.1", numeric=True), None) == Decimal("0.1")


def test_a_column_decides_its_notation_from_its_decisive_values_then_the_file_then_asks():
    assert tabular.number_column(["1.633", "25585.0"]).convention == tabular.ENGLISH  # the CBS files: ';' but decimal points
    assert tabular.number_column(["1.633", "2,5"], hint=tabular.ENGLISH).convention == tabular.DUTCH
    assert tabular.number_column(["1.633"], hint=tabular.DUTCH).convention == tabular.DUTCH
    asked = tabular.number_column(["1.633", "12"])
    assert asked.ambiguous and asked.example == "1.633"
    assert tabular.number_column(["1.633"], choice=tabular.ENGLISH).convention == tabular.ENGLISH
    assert tabular.number_column(["1.633,5", "1,633.5"]).conflict


def test_csv_encoding_and_delimiter_are_detected():
    data = "Gemeenten;Taakveld;Lasten\n's-Gravenhage;6.82a Jeugdbescherming ;1.234,5\nSúdwest-Fryslân;0.10 Mutaties reserves;7\n".encode("cp1252")
    sheet = tabular.read("x.csv", data, max_bytes=10_000)
    assert sheet.headers == ["Gemeenten", "Taakveld", "Lasten"] and sheet.hint == tabular.DUTCH
    assert [n for n, _c in sheet.rows] == [2, 3]
    assert sheet.cell(sheet.rows[1][1], 0).text == "Súdwest-Fryslân"
    assert [tabular.code_text(sheet.cell(cells, 1)) for _n, cells in sheet.rows] == ["6.82a", "0.10"]


def test_xlsx_codes_keep_their_text_and_a_bare_number_is_marked():
    data = xlsx([["taakveld", "lasten"], [0.1, 5], [0.1, 7], ["0.10", 9]], formats={(3, 1): "0.00"})
    sheet = tabular.read("begroting.xlsx", data, max_bytes=1_000_000)
    cells = [cells[0] for _n, cells in sheet.rows]
    assert [c.text for c in cells] == ["0.1", "0.10", "0.10"]
    assert [c.numeric for c in cells] == [True, True, False]


def test_an_uncomputed_formula_is_told_apart_from_an_empty_cell():
    sheet = tabular.read("f.xlsx", xlsx([["a", "b"], [1, "=A2*2"]]), max_bytes=1_000_000)
    assert sheet.rows[0][1][1].formula


def test_ods_is_read_with_displayed_text_and_repeated_empty_rows_cost_nothing():
    sheet = tabular.read("begroting.ods", ods([["Taakveld", "Lasten"], [(0.1, "0.10"), (1633.5, "1.633,50")], ["6.71a", "12"]]), max_bytes=1_000_000)
    assert sheet.kind == "ods" and sheet.headers == ["Taakveld", "Lasten"]
    assert [[c.text for c in cells] for _n, cells in sheet.rows] == [["0.10", "1.633,50"], ["6.71a", "12"]]
    assert sheet.rows[0][1][1].value == Decimal("1633.5")


def test_the_zip_guard_refuses_bombs_before_parsing():
    with pytest.raises(tabular.TabularError, match="compressed"):
        tabular.read("bom.xlsx", bomb(), max_bytes=5_000_000)
    with pytest.raises(tabular.TabularError, match="MB"):
        tabular.zip_guard(bomb(size=3 * 1024 * 1024), max_unpacked=2 * 1024 * 1024, max_ratio=10**6)
    with pytest.raises(tabular.TabularError, match="parts"):
        tabular.zip_guard(bomb(size=1000, entries=20), max_entries=10)
    tabular.zip_guard(xlsx([["taakveld", "lasten"], ["0.1", 5]]))  # a real workbook passes
    with pytest.raises(tabular.TabularError):
        tabular.zip_guard(b"PK\x03\x04 not a zip")


def test_the_policy_scan_upload_runs_the_zip_guard_on_docx_and_odt():
    from apps.policyscan import services

    upload = SimpleUploadedFile("nota.docx", bomb(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    with pytest.raises(ServiceError, match="compressed"):
        services.upload_check(upload)


def test_the_budget_and_monitor_imports_refuse_a_bomb_before_parsing(monkeypatch):
    """Finding 7 as reported: the budget and monitor XLSX imports. Both go through tabular.read, whose ZIP
    guard refuses the file; openpyxl is never reached."""
    from apps.budget import services as budget
    from apps.monitor import importer

    def parse(*args, **kwargs):
        raise AssertionError("parsed a ZIP bomb")

    monkeypatch.setattr("openpyxl.load_workbook", parse)
    with pytest.raises(tabular.TabularError, match="compressed"):
        budget.import_read(name="begroting.xlsx", data=bomb())
    with pytest.raises(ServiceError, match="compressed"):
        importer.check_file(filename="monitor.xlsx", raw=bomb(), indicators={}, own_codes=set(), reference=False)
