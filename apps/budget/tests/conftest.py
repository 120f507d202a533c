import csv
import io

import pytest

from apps.budget.models import Taakveld
from apps.budget.services import reference_load


@pytest.fixture(autouse=True)
def taakvelden(request):
    """The taakvelden come with the migration; a transactional test flushes them: load again."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        if not Taakveld.objects.exists():
            reference_load()


def csv_bytes(rows, *, delimiter=";", header=("taakveld", "programma", "lasten", "baten")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, *, header=("taakveld", "programma", "lasten", "baten")) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
