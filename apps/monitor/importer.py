"""Reading a CSV or XLSX file of indicator values and checking every row before anything is written.

The file has one value per row, with a header row (Dutch or English column names):

    indicator   year   value   unit (optional)   municipality (optional)   breakdown (optional)   note (optional)
    indicator   jaar   waarde  eenheid           gemeente                  uitsplitsing           toelichting

CSV in UTF-8 with a comma, semicolon or tab between the columns; a decimal comma is accepted.
For reference values the municipality column holds NL01 (the Netherlands) or GK1-GK5 (size classes).
The result is a list of problems, each with its row and column, and the checked rows as plain
data; nothing is written here (services.upload_confirm does that)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import ServiceError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MIN_YEAR = 1990
REFERENCE_AREAS = {"NL01", "GK1", "GK2", "GK3", "GK4", "GK5"}
EXCEL_ERRORS = {"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
HEADERS = {
    "indicator": {"indicator", "indicatorcode", "code", "indicatorid"},
    "year": {"jaar", "year"},
    "value": {"waarde", "value"},
    "unit": {"eenheid", "unit", "units"},
    "area": {"gemeente", "municipality", "gemeentecode", "cbscode", "area", "gebied", "referentie", "reference"},
    "breakdown": {"uitsplitsing", "breakdown", "disaggregation", "wijk", "groep"},
    "note": {"toelichting", "note", "opmerking"},
}
REQUIRED = ("indicator", "year", "value")


def column_label(key: str) -> str:
    return {
        "indicator": _("indicator"),
        "year": _("year"),
        "value": _("value"),
        "unit": _("unit"),
        "area": _("municipality"),
        "breakdown": _("breakdown"),
        "note": _("note"),
    }[key]


@dataclass
class Checked:
    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    indicators: dict[int, str] = field(default_factory=dict)  # id -> code, of the indicators in the file
    total_rows: int = 0

    def problem(self, row: int | None, column: str | None, message: str):
        self.problems.append({"row": row, "column": column_label(column) if column else "", "message": str(message)})


def _normalise_header(text) -> str:
    return re.sub(r"[^a-z]", "", str(text or "").strip().lower())


def _unit_key(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).casefold()


def parse_number(raw) -> float | None:
    """12.5, 12,5, 1.234,5, 1,234.5, -3 -> float; anything else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[-+]?[0-9.,]*[0-9][0-9.,]*", text):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text:
        if text.count(",") > 1:
            return None
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ServiceError(
            _(
                "The file is not in UTF-8 (the first character that cannot be read is on line %(line)s). "
                "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)” and upload that file."
            )
            % {"line": line}
        ) from error


def _csv_rows(raw: bytes):
    text = _decode(raw)
    if "\x00" in text:
        raise ServiceError(_("The file contains binary data. Upload a CSV (text) or XLSX file."))
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from reader


def _xlsx_rows(raw: bytes):
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise ServiceError(_("The file cannot be read as an Excel workbook (XLSX). Save it again as .xlsx or as CSV UTF-8.")) from error
    formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    # a formula without a stored result (a file written by a program, never opened in Excel) reads
    # as empty with data_only: the formula workbook tells it apart from an empty cell
    for cells, formula_cells in zip(
        values.worksheets[0].iter_rows(values_only=True), formulas.worksheets[0].iter_rows(values_only=True), strict=False
    ):
        row = []
        for i, cell in enumerate(cells):
            if cell is None:
                formula = formula_cells[i] if i < len(formula_cells) else None
                row.append("#FORMULA" if isinstance(formula, str) and formula.startswith("=") else "")
            else:
                row.append(cell)
        yield row


def read_rows(*, filename: str, raw: bytes):
    if raw[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(raw)
    if filename.lower().endswith((".xls", ".ods")):
        raise ServiceError(_("This spreadsheet format cannot be read. Save the file as .xlsx or as CSV UTF-8."))
    return _csv_rows(raw)


def check_file(*, filename: str, raw: bytes, indicators: dict[str, object], own_codes: set[str], reference: bool) -> Checked:
    """``indicators``: code (and slug) -> Indicator the file may name; ``own_codes``: the CBS code
    and names that count as the uploading municipality (empty for reference files)."""
    result = Checked()
    rows = read_rows(filename=filename, raw=raw)
    header = next(rows, None)
    if not header or not any(str(c).strip() for c in header):
        raise ServiceError(_("The file is empty. The first row must name the columns: indicator, year, value."))
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        key = _normalise_header(name)
        for column, aliases in HEADERS.items():
            if key in aliases and column not in columns:
                columns[column] = position
    missing = [column_label(c) for c in REQUIRED if c not in columns]
    if missing:
        raise ServiceError(
            _("The first row must name the columns indicator, year and value (missing: %(missing)s). Found: %(found)s.")
            % {"missing": ", ".join(missing), "found": ", ".join(str(h) for h in header if str(h).strip()) or "—"}
        )
    if reference and "area" not in columns:
        raise ServiceError(_("A file with reference values needs a column “gemeente” with NL01 or GK1-GK5 in every row."))
    this_year = timezone.localdate().year
    seen: dict[tuple, int] = {}

    def cell(values, column):
        position = columns.get(column)
        if position is None or position >= len(values):
            return ""
        value = values[position]
        return value.strip() if isinstance(value, str) else value

    for number, values in enumerate(rows, start=2):
        if not any(str(v).strip() for v in values):
            continue
        result.total_rows += 1
        if result.total_rows > MAX_ROWS:
            raise ServiceError(_("The file has more than %(max)s rows. Split it into smaller files.") % {"max": f"{MAX_ROWS:,}".replace(",", ".")})
        problems_before = len(result.problems)
        code = str(cell(values, "indicator"))
        indicator = indicators.get(code) or indicators.get(code.lower())
        if not code:
            result.problem(number, "indicator", _("No indicator given."))
        elif indicator is None:
            result.problem(
                number, "indicator", _("Unknown indicator “%(code)s”. Use a code from the indicator library, for example 12.5.g1.") % {"code": code}
            )
        raw_year = cell(values, "year")
        year = None
        year_number = parse_number(raw_year)
        if raw_year in ("", None):
            result.problem(number, "year", _("No year given."))
        elif year_number is None or year_number != int(year_number):
            result.problem(number, "year", _("“%(text)s” is not a year.") % {"text": raw_year})
        elif int(year_number) > this_year:
            result.problem(
                number, "year", _("%(year)s is in the future: only values of past and current years can be imported.") % {"year": int(year_number)}
            )
        elif int(year_number) < MIN_YEAR:
            result.problem(number, "year", _("%(year)s is before %(min)s.") % {"year": int(year_number), "min": MIN_YEAR})
        else:
            year = int(year_number)
        raw_value = cell(values, "value")
        value = None
        if isinstance(raw_value, str) and (raw_value.upper() in EXCEL_ERRORS or raw_value == "#FORMULA"):
            if raw_value == "#FORMULA":
                result.problem(
                    number, "value", _("This cell holds a formula without a computed result. Open the file in Excel, save it, and upload it again.")
                )
            else:
                result.problem(number, "value", _("The cell holds the formula error %(error)s instead of a number.") % {"error": raw_value})
        elif raw_value in ("", None):
            result.problem(number, "value", _("No value given."))
        else:
            value = parse_number(raw_value)
            if value is None:
                result.problem(number, "value", _("“%(text)s” is not a number.") % {"text": raw_value})
        unit = str(cell(values, "unit"))
        if unit and indicator is not None and _unit_key(unit) not in {_unit_key(indicator.unit_nl), _unit_key(indicator.unit_en)}:
            result.problem(
                number,
                "unit",
                _("Wrong unit “%(unit)s”: %(code)s is measured in “%(expected)s”.")
                % {"unit": unit, "code": indicator.code, "expected": indicator.unit_nl},
            )
        area = str(cell(values, "area")).upper()
        if reference:
            if area not in REFERENCE_AREAS:
                result.problem(
                    number,
                    "area",
                    _("“%(area)s” is not a reference: use NL01 (the Netherlands) or GK1-GK5 (size classes).") % {"area": cell(values, "area")},
                )
        elif area and area not in own_codes and str(cell(values, "area")).casefold() not in own_codes:
            result.problem(
                number,
                "area",
                _("This value is for another municipality (%(area)s): you can only import your own municipality's values.")
                % {"area": cell(values, "area")},
            )
        breakdown = str(cell(values, "breakdown"))[:120]
        note = str(cell(values, "note"))[:300]
        if indicator is not None and year is not None:
            key = (indicator.pk, area if reference else "", breakdown.casefold(), year)
            if key in seen:
                result.problem(
                    number,
                    "year",
                    _("%(code)s has a value for %(year)s twice: also in row %(row)s.") % {"code": indicator.code, "year": year, "row": seen[key]},
                )
            else:
                seen[key] = number
        if len(result.problems) == problems_before and indicator is not None and year is not None and value is not None:
            row = {"i": indicator.pk, "y": year, "v": value, "d": breakdown, "n": note}
            if reference:
                row["a"] = area
            result.rows.append(row)
            result.indicators[indicator.pk] = indicator.code
    if result.total_rows == 0:
        raise ServiceError(_("The file has a header row but no values."))
    return result
