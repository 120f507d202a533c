"""The one way the platform writes tabular exports (CSV and XLSX): no cell can become a formula.

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula, so a title such as ``=HYPERLINK("http://evil",
"klik")`` typed by one user would run on the computer of whoever opens the export (OWASP "CSV
injection"). Following OWASP's guidance:

- CSV: a text cell starting with one of those characters gets a leading apostrophe (``'=...``);
  spreadsheets show it as text. A plain number written as text ("-12,5", "3.25") is left alone: it
  cannot contain a formula.
- XLSX: every text cell is stored with the data type *string* (openpyxl never stores a formula
  from it), and a text cell that starts with one of those characters also gets Excel's "quote
  prefix" style, so it stays text when someone edits it. Numbers stay numbers (a negative number
  is a number, not text).

Every CSV/XLSX export uses :func:`csv_writer`, :class:`SafeDictWriter` or :func:`xlsx_append`;
``apps/core/tests/test_exports.py`` feeds each export a formula and checks it comes out inert.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?%?$")


def is_dangerous(value: str) -> bool:
    """Would a spreadsheet read this text as (the start of) a formula?"""
    return bool(value) and value.startswith(TRIGGERS) and not _PLAIN_NUMBER.match(value)


def safe_cell(value):
    """``value`` as a CSV cell that a spreadsheet shows as data, never evaluates."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose rows are passed through :func:`safe_cell`.

    ``decimal_comma``: write ``Decimal`` and ``float`` values with a decimal comma (Dutch Excel)."""

    def __init__(self, out, *, decimal_comma: bool = False, **fmtparams):
        self._writer = csv.writer(out, **fmtparams)
        self.decimal_comma = decimal_comma

    def _cell(self, value):
        if self.decimal_comma and isinstance(value, Decimal | float):
            return str(value).replace(".", ",")
        return safe_cell(value)

    def writerow(self, row):
        return self._writer.writerow([self._cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, *, decimal_comma: bool = False, **fmtparams) -> SafeWriter:
    return SafeWriter(out, decimal_comma=decimal_comma, **fmtparams)


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose values (and header) are passed through :func:`safe_cell`."""

    def writerow(self, rowdict):
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def xlsx_append(sheet, row) -> list:
    """Append ``row`` to an openpyxl worksheet: text always as a string cell, never a formula."""
    row_index = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    cells = []
    for column, value in enumerate(row, start=1):
        if value is not None and not isinstance(value, int | float | Decimal | dt.date | dt.datetime | dt.time | bool):
            value = str(value)
        cell = sheet.cell(row=row_index, column=column)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula ("f"); a string is only ever shown
            if is_dangerous(value):
                cell.quotePrefix = True
        cells.append(cell)
    return cells
