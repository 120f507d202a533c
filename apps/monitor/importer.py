"""Reading a CSV or XLSX file of indicator values and checking every row before anything is written.

The file has one value per row, with a header row (Dutch or English column names):

    indicator   year   value   unit (optional)   municipality (optional)   breakdown (optional)   note (optional)
    indicator   jaar   waarde  eenheid           gemeente                  uitsplitsing           toelichting

CSV (any common encoding and separator), XLSX or ODS, read by apps.core.tabular: numbers in Dutch or
English notation (a column that can be read both ways is reported, not guessed).
For reference values the municipality column holds NL01 (the Netherlands) or GK1-GK5 (size classes).
The result is a list of problems, each with its row and column, and the checked rows as plain
data; nothing is written here (services.upload_confirm does that)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import tabular
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
    ambiguous: bool = False  # the value column can be read in two notations: the user chooses

    def problem(self, row: int | None, column: str | None, message: str):
        self.problems.append({"row": row, "column": column_label(column) if column else "", "message": str(message)})


def _unit_key(text: str) -> str:
    """Units compared without case or spaces, with the official BBV wordings as aliases:
    "Kg/inwoner" = "kg per inwoner", "In Euro's" = "euro", "procent" = "%"."""
    key = re.sub(r"\s+", " ", str(text or "")).strip().casefold()
    key = re.sub(r"^in\s+", "", key).replace("euro's", "euro").replace("euros", "euro")
    key = key.replace("/", " per ")
    key = {"procent": "%", "percentage": "%", "percent": "%"}.get(key, key)
    return re.sub(r"\s+", "", key)


def unit_matches(given: str, *units: str) -> bool:
    key = _unit_key(given)
    for unit in units:
        expected = _unit_key(unit)
        if key == expected or (key in ("%", "euro") and expected.startswith(key)):
            return True
    return False


def check_file(
    *, filename: str, raw: bytes, indicators: dict[str, object], own_codes: set[str], reference: bool, convention: str | None = None
) -> Checked:
    """``indicators``: code (and slug) -> Indicator the file may name; ``own_codes``: the CBS code
    and names that count as the uploading municipality (empty for reference files)."""
    result = Checked()
    try:
        sheet = tabular.read(filename, raw, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except tabular.TabularError as error:
        raise ServiceError(error.message) from error
    header = sheet.headers
    if not header or not any(str(c).strip() for c in header):
        raise ServiceError(_("The file is empty. The first row must name the columns: indicator, year, value."))
    columns = tabular.match_columns(header, HEADERS)
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
    values_column = tabular.number_column((sheet.cell(cells, columns["value"]) for _n, cells in sheet.rows), hint=sheet.hint, choice=convention)
    if values_column.ambiguous:
        result.problem(None, "value", tabular.ambiguity_message(column_label("value"), values_column.example, values_column.conflict))
        result.ambiguous = True

    def cell(values, column):
        found = sheet.cell(values, columns.get(column))
        if found.formula:
            return "#FORMULA"
        if found.numeric:
            return found.value
        return found.text.strip()

    def parse_number(raw):
        try:
            return float(tabular.to_decimal(raw, values_column.convention))
        except ValueError:
            return None

    for number, values in sheet.rows:
        result.total_rows += 1
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
        year_number = parse_number(str(raw_year).strip())
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
        if unit and indicator is not None and not unit_matches(unit, indicator.unit_nl, indicator.unit_en):
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
