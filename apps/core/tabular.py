"""One tabular import for the whole platform: CSV, XLSX and ODS in, one kind of sheet out.

* :func:`zip_guard` checks every ZIP-based upload (XLSX, ODS, DOCX, ODT) before anything parses it:
  number of entries, total unpacked size and compression ratio, from the ZIP directory (Python's
  zipfile never inflates an entry beyond its declared size, so the declared sizes are the limit).
* :func:`read` returns a :class:`Sheet`: the header and the rows, every cell a :class:`Cell` with
  the value *and the text as the user sees it* (an XLSX cell ``0.10`` formatted ``0.00`` reads
  ``"0.10"``; a bare number is marked ``numeric`` so a caller can refuse ``0.1`` that might have
  been ``0.10``).
* :func:`number_column` reads a column of amounts or values in Dutch or English notation
  consistently: the column's own values decide (``1.633,50`` is Dutch, ``25585.0`` English); only
  where every value is ambiguous (``1.633``) the file's hint (a semicolon CSV is Dutch) or the
  user's choice decides, and otherwise the column is reported as ambiguous rather than guessed.
* Problems use one shape everywhere: ``{"row": int | None, "column": str, "message": str}``.

Pure functions, no database. Errors are :class:`TabularError` (a ServiceError with a translated
message).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from apps.core.exceptions import ServiceError

# ZIP guard: generous for real workbooks and documents (a CBS year for all municipalities as XLSX
# unpacks to about 6 MB), far below what would exhaust a worker's memory.
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_UNPACKED = 120 * 1024 * 1024
ZIP_MAX_RATIO = 150
ZIP_RATIO_FLOOR = 2 * 1024 * 1024  # small entries compress well without being a bomb

DUTCH, ENGLISH = "nl", "en"


class TabularError(ServiceError):
    pass


# --- the ZIP guard ------------------------------------------------------------------------------


def zip_guard(data, *, max_entries: int = ZIP_MAX_ENTRIES, max_unpacked: int = ZIP_MAX_UNPACKED, max_ratio: int = ZIP_MAX_RATIO) -> None:
    """Refuse a ZIP container (bytes or a binary file object) that would unpack too large.

    Checks the number of entries, the total unpacked size and the compression ratio, reading only
    the ZIP directory. Raises TabularError with a translated message; a file that is not a ZIP at
    all is refused too (the caller decided it must be one)."""
    handle = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    position = handle.tell() if hasattr(handle, "tell") else 0
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise TabularError(
            _("The file is damaged or is not the kind of file its name says (Excel, OpenDocument or Word). Save it again and retry.")
        ) from error
    finally:
        if hasattr(handle, "seek"):
            handle.seek(position)
    if len(infos) > max_entries:
        raise TabularError(
            _("The file holds %(n)s parts; at most %(max)s are accepted. Save it again as a new file and retry.")
            % {"n": f"{len(infos):,}".replace(",", "."), "max": f"{max_entries:,}".replace(",", ".")}
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > max_unpacked:
        raise TabularError(
            _("Unpacked, the file would take %(size)s MB; at most %(max)s MB is accepted. Split it into smaller files.")
            % {"size": unpacked // (1024 * 1024), "max": max_unpacked // (1024 * 1024)}
        )
    for info in infos:
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise TabularError(
                _("The file is compressed suspiciously strongly (more than %(ratio)s times) and is refused for safety. Save it again and retry.")
                % {"ratio": max_ratio}
            )
    if unpacked > ZIP_RATIO_FLOOR and unpacked > max_ratio * max(packed, 1):
        raise TabularError(
            _("The file is compressed suspiciously strongly (more than %(ratio)s times) and is refused for safety. Save it again and retry.")
            % {"ratio": max_ratio}
        )


# --- cells and sheets ---------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    """``value``: str, int, float, Decimal, date or None; ``text``: as the user sees it."""

    value: object
    text: str
    numeric: bool = False  # a spreadsheet number, not text: ``0.1`` may have been typed as ``0.10``
    formula: bool = False  # a formula without a computed result (never opened in a spreadsheet program)

    def __str__(self):
        return self.text

    @property
    def empty(self) -> bool:
        return self.text.strip() == "" and not self.formula


EMPTY = Cell(None, "")


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cells: Cell, or str for CSV; read them with cell())
    kind: str = "csv"  # csv, xlsx, ods
    hint: str | None = None  # DUTCH for a semicolon CSV, ENGLISH for a comma CSV, None for workbooks

    def cell(self, cells: list, index: int | None) -> Cell:
        """The cell at ``index`` (CSV rows keep plain strings until a cell is asked for)."""
        if index is None or index >= len(cells):
            return EMPTY
        value = cells[index]
        return value if isinstance(value, Cell) else Cell(value, value)


@dataclass
class Preview:
    """The checked rows and the problems, by row and column: one shape for every import."""

    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def problem(self, row: int | None, column: str, message) -> None:
        self.problems.append({"row": row, "column": column or "", "message": str(message)})


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise_header(text) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text or "").strip().casefold())


def match_columns(headers: list[str], aliases: dict[str, set[str]]) -> dict[str, int]:
    """{field: column index} for headers matching an alias (compared without case, spaces or punctuation)."""
    wanted = {name: {normalise_header(a) for a in names} for name, names in aliases.items()}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        for name, keys in wanted.items():
            if name not in found and key in keys:
                found[name] = index
    return found


def read(name: str, data: bytes, *, max_bytes: int, max_rows: int | None = None) -> Sheet:
    """Read the first sheet of a CSV, XLSX or ODS upload. ZIP-based files pass :func:`zip_guard` first."""
    if len(data) > max_bytes:
        raise TabularError(_("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": max_bytes // (1024 * 1024)})
    if not data.strip():
        raise TabularError(_("The file is empty."))
    lower = name.lower()
    extension = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if extension not in ("", "csv", "txt", "tsv", "xlsx", "xlsm", "ods", "xls"):
        raise TabularError(_("Upload a CSV file (.csv), an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)."))
    if data[:4] == b"PK\x03\x04":
        zip_guard(data)
        if lower.endswith(".ods") or b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]:
            rows = _ods_rows(data)
            kind = "ods"
        else:
            rows = _xlsx_rows(data)
            kind = "xlsx"
        return _sheet(rows, kind=kind, hint=None, max_rows=max_rows)
    if lower.endswith((".xls", ".xlsx", ".xlsm", ".ods")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TabularError(_("This spreadsheet cannot be read. Save it as .xlsx, .ods or CSV and upload that file."))
    text = _decode(data)
    if "\x00" in text:
        raise TabularError(_("The file contains binary data. Upload a CSV (text), XLSX or ODS file."))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _sheet(reader, kind="csv", hint={";": DUTCH, ",": ENGLISH}.get(delimiter), max_rows=max_rows)


def _sheet(rows, *, kind: str, hint: str | None, max_rows: int | None) -> Sheet:
    headers = None
    body = []
    for number, cells in enumerate(rows, start=1):
        if not any((c.strip() if isinstance(c, str) else not c.empty) for c in cells):
            continue
        if headers is None:
            headers = [(c if isinstance(c, str) else c.text).strip() for c in cells]
            continue
        body.append((number, cells))
        if max_rows is not None and len(body) > max_rows:
            raise TabularError(_("The file has more than %(n)s lines. Split it into smaller files.") % {"n": f"{max_rows:,}".replace(",", ".")})
    while headers and not headers[-1]:
        headers.pop()
    return Sheet(headers=headers or [], rows=body, kind=kind, hint=hint)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)"
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=";,\t|").delimiter
    except csv.Error:
        return max([";", ",", "\t", "|"], key=lines[0].count)


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # a formula without a stored result (a file written by a program, never opened in Excel)
        # reads as empty with data_only: the formula workbook tells it apart from an empty cell
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        formula_rows = formulas.worksheets[0].iter_rows(values_only=True)
    except Exception as error:  # a damaged or disguised file: openpyxl raises many kinds
        raise TabularError(_("The Excel file could not be read. Save it again as .xlsx and retry.")) from error
    try:
        for row in sheet.iter_rows():
            formula_row = next(formula_rows, ())
            cells = []
            for index, c in enumerate(row):
                cell = _xlsx_cell(c)
                if cell is EMPTY and index < len(formula_row):
                    raw = formula_row[index]
                    if isinstance(raw, str) and raw.startswith("="):
                        cell = Cell(None, "", formula=True)
                cells.append(cell)
            yield cells
    finally:
        workbook.close()
        formulas.close()


def _xlsx_cell(cell) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return Cell(value, "TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return Cell(value, format_number(value, getattr(cell, "number_format", "General") or "General"), numeric=True)
    if isinstance(value, datetime | date):
        return Cell(value, value.isoformat()[:10])
    return Cell(value, str(value))


def format_number(value: float | int, number_format: str) -> str:
    """The text a spreadsheet shows for a number with a simple format: decimals as the format says
    (``0.00`` -> two), percentages times 100; General -> the shortest text for the number."""
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    if section.strip().lower() in ("general", "@", ""):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    percent = "%" in section
    match = re.search(r"[0#?]\.([0#?]+)", section)
    decimals = len(match.group(1)) if match else 0
    number = Decimal(repr(value) if isinstance(value, float) else value) * (100 if percent else 1)
    text = f"{number:.{decimals}f}"
    return text + ("%" if percent else "")


# --- ODS ----------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_MAX_REPEAT = 1_000  # trailing empty rows/columns are "repeated" a million times


def _ods_rows(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        content = archive.open("content.xml")
    except (KeyError, zipfile.BadZipFile) as error:
        raise TabularError(_("The OpenDocument file could not be read. Save it again as .ods and retry.")) from error
    depth = 0  # only the first table
    try:
        for event, element in iterparse(content, events=("start", "end")):
            if element.tag == f"{_TABLE}table":
                if event == "start":
                    depth += 1
                elif depth:
                    return
                continue
            if event != "end" or element.tag != f"{_TABLE}table-row" or depth != 1:
                continue
            cells = []
            for child in element:
                if child.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                    continue
                cell = _ods_cell(child)
                repeat = min(int(child.get(f"{_TABLE}number-columns-repeated", "1")), _MAX_REPEAT)
                cells.extend([cell] * repeat)
            while cells and cells[-1].empty:
                cells.pop()
            repeat = min(int(element.get(f"{_TABLE}number-rows-repeated", "1")), _MAX_REPEAT if cells else 1)
            for _i in range(repeat):
                yield list(cells)
            element.clear()
    except Exception as error:
        if isinstance(error, TabularError):
            raise
        raise TabularError(_("The OpenDocument file could not be read. Save it again as .ods and retry.")) from error


def _ods_cell(element) -> Cell:
    kind = element.get(f"{_OFFICE}value-type")
    text = "\n".join("".join(p.itertext()) for p in element.iter(f"{_TEXT}p"))
    if kind in ("float", "percentage", "currency"):
        raw = element.get(f"{_OFFICE}value", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return Cell(text, text)
        if kind == "percentage":
            return Cell(value, text or f"{value * 100}%", numeric=True)
        return Cell(value, text or raw, numeric=True)
    if kind == "date":
        return Cell(element.get(f"{_OFFICE}date-value", text), text)
    return Cell(text, text) if text else EMPTY


# --- numbers ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_SIMPLE = re.compile(r"-?(\d+)(?:([.,])(\d+))?")  # the common case, read without the general rules


def _clean(text: str) -> tuple[str, bool, bool]:
    """Strip currency, spaces and percent; (text, negative, percent)."""
    text = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    for token in ("€", "EUR", "eur"):
        text = text.replace(token, "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith("-"):
        negative, text = True, text[1:]
    elif text.endswith("-"):
        negative, text = True, text[:-1]
    elif text.startswith("+"):
        text = text[1:]
    return text, negative, percent


def notation(text: str) -> str | None:
    """DUTCH or ENGLISH when the text settles it, None when it fits both (``1.633``, ``12``), "?" when it fits neither."""
    simple = _SIMPLE.fullmatch(text)
    if simple:
        integer, sep, fraction = simple.groups()
        if not sep:
            return None
        if len(fraction) == 3 and len(integer) <= 3 and integer[0] != "0":  # 1.633: thousands (Dutch) or decimals (English)
            return None
        return DUTCH if sep == "," else ENGLISH
    text, _negative, _percent = _clean(text)
    if not _NUMBER.match(text):
        return "?"
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        last = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if last == "," else ","
        integer = text[: text.rfind(last)]
        if text.count(last) > 1 or not re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})*", integer):
            return "?"
        return DUTCH if last == "," else ENGLISH
    for sep, as_decimal, as_thousands in ((",", DUTCH, ENGLISH), (".", ENGLISH, DUTCH)):
        if sep not in text:
            continue
        if text.count(sep) > 1:
            return as_thousands if re.fullmatch(rf"\d{{1,3}}({re.escape(sep)}\d{{3}})+", text) else "?"
        if re.fullmatch(rf"\d{{1,3}}{re.escape(sep)}\d{{3}}", text):
            return None
        return as_decimal
    return None


def _float_decimal(value: float) -> Decimal:
    """A spreadsheet number without binary noise: 0.1 + 0.2 is 0.3, not 0.30000000000000004."""
    number = Decimal(repr(value))
    if number.as_tuple().exponent < -9:
        number = number.quantize(Decimal("1e-9"))
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def to_decimal(cell, convention: str | None) -> Decimal:
    """A cell or text as a Decimal in the given notation (DUTCH or ENGLISH; None only works for
    unambiguous text). Percent signs are dropped (``2,8 %`` -> 2.8). Raises ValueError with a
    translated message."""
    if isinstance(cell, Cell):
        if cell.numeric and not isinstance(cell.value, bool):
            return _float_decimal(cell.value) if isinstance(cell.value, float) else Decimal(cell.value)
        raw = cell.text
    elif isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return _float_decimal(cell) if isinstance(cell, float) else Decimal(cell)
    else:
        raw = str(cell or "")
    simple = _SIMPLE.fullmatch(raw)
    if simple:
        integer, sep, fraction = simple.groups()
        if not sep:
            return Decimal(raw)
        if len(fraction) != 3 or len(integer) > 3 or integer[0] == "0":  # decisive: the separator is the decimal point
            return Decimal(raw.replace(",", "."))
    if not raw.strip():
        raise ValueError(_("empty"))
    text, negative, _percent = _clean(raw)
    found = notation(raw)
    if found == "?":
        raise ValueError(_("“%(value)s” is not a number") % {"value": raw.strip()})
    convention = found or convention
    if convention is None and ("." in text or "," in text):
        raise ValueError(_("“%(value)s” can be read in two ways") % {"value": raw.strip()})
    decimal, thousands = (",", ".") if convention == DUTCH else (".", ",")  # no separator: either works
    text = text.replace(thousands, "").replace(decimal, ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("“%(value)s” is not a number") % {"value": raw.strip()}) from error
    return -number if negative else number


@dataclass
class NumberColumn:
    convention: str | None  # DUTCH, ENGLISH, or None: nothing ambiguous in the column
    ambiguous: bool  # some values fit both notations and neither the column, the file nor the user settles it
    conflict: bool  # some values are clearly Dutch and others clearly English
    example: str = ""


def number_column(values, *, hint: str | None = None, choice: str | None = None) -> NumberColumn:
    """Decide how one column's text values are written. The column's own decisive values win; if
    there are none, the user's ``choice`` and then the file's ``hint`` decide ambiguous values."""
    seen = set()
    example = ""
    ambiguous_example = ""
    for value in values:
        if isinstance(value, Cell):
            if value.numeric or value.empty:
                continue
            value = value.text
        if not str(value).strip():
            continue
        found = notation(str(value))
        if found in (DUTCH, ENGLISH):
            seen.add(found)
            example = example or str(value)
        elif found is None and ("." in str(value) or "," in str(value)):
            ambiguous_example = ambiguous_example or str(value)
    if len(seen) == 2:
        return NumberColumn(convention=choice, ambiguous=choice is None, conflict=choice is None, example=example)
    if seen:
        return NumberColumn(convention=seen.pop(), ambiguous=False, conflict=False, example=example)
    if not ambiguous_example:
        return NumberColumn(convention=choice or hint, ambiguous=False, conflict=False)
    decided = choice or hint
    return NumberColumn(convention=decided, ambiguous=decided is None, conflict=False, example=ambiguous_example)


def ambiguity_message(column: str, example: str, conflict: bool = False) -> str:
    if conflict:
        return _("Column %(column)s mixes Dutch and English number notation. Choose the notation the file uses, or correct the file.") % {
            "column": column
        }
    return _(
        "Column %(column)s has numbers like “%(example)s” that can be read in two ways (Dutch: thousands; English: decimals). "
        "Choose the notation the file uses, or write the numbers without thousands separators."
    ) % {"column": column, "example": example}


def code_text(cell: Cell) -> str:
    """A code as text: ``Taakveld 6.3 Inkomensregelingen`` -> ``6.3``, Dutch ``6,3`` -> ``6.3``."""
    text = cell.text.strip()
    text = re.sub(r"^(taakveld|tv)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(\d),(\d)", r"\1.\2", text)
    match = re.match(r"^(\d{1,2}\.\d{1,3}[a-d]?)(?=\s|$|[^\w.])", text)
    return match.group(1) if match else text.split(" ")[0]
