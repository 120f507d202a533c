"""The importer on real generated files: every problem named by row and column, nothing written
until the whole file is valid, confirmation once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from apps.core.exceptions import ServiceError
from apps.monitor import importer, services
from apps.monitor.models import AdoptedIndicator, ReferenceValue, Upload, Value
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    from tests.factories import MembershipFactory

    MembershipFactory(municipality=municipality("GM0344"))
    return UserFactory(municipality=municipality("GM0344"))


def upload(content: bytes, name="waarden.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def check(member, content, name="waarden.csv"):
    with translation.override("en"):
        return services.upload_check(municipality=member.municipality, user=member, upload=upload(content, name))


def problems(result):
    return [(p["row"], p["column"], p["message"]) for p in result.problems]


def test_a_valid_csv_with_semicolons_and_decimal_commas_is_previewed_then_imported_once(member):
    text = "indicator;jaar;waarde;eenheid;gemeente;uitsplitsing\n12.5.g1;2022;181,5;kg per inwoner;GM0344;\n12.5.g1;2023;175;;GM0344;\n1.2.g1;2023;7,2;;;Wijk: Overvecht\n"
    result = check(member, text.encode())
    assert result.status == Upload.Status.READY, result.problems
    assert result.summary["new"] == 3 and result.summary["adopt"] == 2
    assert not Value.objects.exists()  # nothing written before confirmation
    services.upload_confirm(municipality=member.municipality, upload_id=result.pk)
    assert Value.objects.get(indicator__code="12.5.g1", year=2022).value == 181.5
    assert Value.objects.get(indicator__code="1.2.g1", disaggregation="Wijk: Overvecht").value == 7.2
    assert AdoptedIndicator.objects.filter(municipality=member.municipality).count() == 2
    with pytest.raises(ServiceError, match="al geïmporteerd"):
        services.upload_confirm(municipality=member.municipality, upload_id=result.pk)
    assert Value.objects.count() == 3
    # a second file replaces a value, and says so in the preview
    again = check(member, b"indicator,year,value\n12.5.g1,2022,170\n12.5.g1,2023,175\n")
    assert again.summary["changed"] == 1 and again.summary["unchanged"] == 1
    services.upload_confirm(municipality=member.municipality, upload_id=again.pk)
    assert Value.objects.get(indicator__code="12.5.g1", year=2022).value == 170 and Value.objects.count() == 3


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(member):
    text = (
        "indicator,year,value,unit,municipality\n"
        "12.5.g1,2022,181,kg per inwoner,GM0344\n"  # fine
        "99.9.x,2022,1,,\n"  # unknown indicator (row 3)
        "12.5.g1,2023,12,ton,\n"  # wrong unit (row 4)
        "12.5.g1,2022,182,,\n"  # year twice (row 5)
        "12.5.g1,2021,veel,,\n"  # text in a number field (row 6)
        "12.5.g1,2099,1,,\n"  # future year (row 7)
        "12.5.g1,2020,1,,GM0307\n"  # another municipality (row 8)
        "12.5.g1,twintig,1,,\n"  # not a year (row 9)
    )
    result = check(member, text.encode())
    assert result.status == Upload.Status.INVALID
    found = problems(result)
    assert [(r, c) for r, c, _m in found] == [(3, "indicator"), (4, "unit"), (5, "year"), (6, "value"), (7, "year"), (8, "municipality"), (9, "year")]
    messages = {(r, c): m for r, c, m in found}
    assert "99.9.x" in messages[(3, "indicator")]
    assert "kg per inwoner" in messages[(4, "unit")]
    assert "row 2" in messages[(5, "year")]
    assert "veel" in messages[(6, "value")]
    assert "2099" in messages[(7, "year")]
    assert "GM0307" in messages[(8, "municipality")]
    with pytest.raises(ServiceError):
        services.upload_confirm(municipality=member.municipality, upload_id=result.pk)
    assert not Value.objects.exists() and not AdoptedIndicator.objects.exists()


def test_a_csv_in_windows_encoding_is_read_with_its_accents(member):
    content = "indicator;jaar;waarde;toelichting\n12.5.g1;2022;181;schatting van de afdeling\n12.5.g1;2023;175;geïnventariseerd\n".encode("cp1252")
    result = check(member, content)
    assert result.status == Upload.Status.READY, result.problems
    assert [row["v"] for row in result.rows] == [181.0, 175.0]
    assert [row["n"] for row in result.rows] == ["schatting van de afdeling", "geïnventariseerd"]


def test_dutch_numbers_and_bbv_unit_wordings_are_read_like_the_budget_import(member):
    """A semicolon file is Dutch: 1.633 is one thousand six hundred and thirty-three, as in the budget
    import; 2,8 % is 2.8; the BBV wordings "Kg/inwoner" and "%" match the indicator's unit."""
    content = b"indicator;jaar;waarde;eenheid\n12.5.g1;2021;1.633;Kg/inwoner\n12.5.g1;2022;2,8 %;kg per inwoner\n"
    result = check(member, content)
    assert result.status == Upload.Status.READY, result.problems
    assert [row["v"] for row in result.rows] == [1633.0, 2.8]
    assert importer.unit_matches("In Euro's", "euro per inwoner") and importer.unit_matches("%", "% van de inwoners")
    assert not importer.unit_matches("Kg/inwoner", "euro per inwoner")


def test_a_column_that_reads_two_ways_is_asked_about_not_guessed(member):
    result = check(member, xlsx([["indicator", "year", "value"], ["12.5.g1", 2022, "1.633"]]), "waarden.xlsx")
    assert result.status == Upload.Status.INVALID
    assert problems(result)[0][1] == "value" and "1.633" in problems(result)[0][2]


def test_a_file_of_50_mb_is_refused_before_it_is_read(member):
    big = SimpleUploadedFile("groot.csv", b"x", content_type="text/csv")
    big.size = 50 * 1024 * 1024
    with pytest.raises(ServiceError, match="50"):
        services.upload_check(municipality=member.municipality, user=member, upload=big)
    assert not Upload.objects.exists()


def test_missing_columns_and_empty_files_are_explained(member):
    with pytest.raises(ServiceError, match="indicator"):
        check(member, b"code;jaartal;getal\n12.5.g1;2022;1\n")
    with pytest.raises(ServiceError, match="empty|leeg"):
        check(member, b"")
    with pytest.raises(ServiceError):
        check(member, b"indicator,year,value\n")


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_a_formula_error_or_an_uncomputed_formula_is_refused_by_cell(member):
    content = xlsx([["Indicator", "Jaar", "Waarde"], ["12.5.g1", 2022, 181.0], ["12.5.g1", 2023, "#DIV/0!"], ["12.5.g1", 2021, "=B2/0"]])
    result = check(member, content, "waarden.xlsx")
    assert result.status == Upload.Status.INVALID
    found = problems(result)
    assert [(r, c) for r, c, _m in found] == [(3, "value"), (4, "value")]
    assert "#DIV/0!" in found[0][2]
    assert "formula" in found[1][2] or "formule" in found[1][2]


def test_a_valid_xlsx_imports(member):
    result = check(member, xlsx([["indicator", "year", "value"], ["12.5.g1", 2022, 181.0], ["12.5.g1", 2023.0, 175]]), "waarden.xlsx")
    assert result.status == Upload.Status.READY, result.problems
    services.upload_confirm(municipality=member.municipality, upload_id=result.pk)
    assert sorted(Value.objects.values_list("year", "value")) == [(2022, 181.0), (2023, 175.0)]


def test_a_broken_xlsx_is_refused(member):
    with pytest.raises(ServiceError, match="Excel"):
        check(member, b"PK\x03\x04 not really a zip", "waarden.xlsx")


def test_another_municipality_cannot_confirm_an_upload(member):
    result = check(member, b"indicator,year,value\n12.5.g1,2022,1\n")
    other = municipality("GM0307")
    with pytest.raises(ServiceError):
        services.upload_confirm(municipality=other, upload_id=result.pk)
    assert not Value.objects.exists()


def test_reference_values_use_the_same_format(member):
    team = UserFactory(team=True)
    content = b"indicator;jaar;waarde;gemeente\n12.5.g1;2022;190;NL01\n12.5.g1;2022;210;GK5\n12.5.g1;2022;1;GM0344\n"
    with translation.override("en"):
        bad = services.upload_check(municipality=None, user=team, upload=upload(content), reference=True)
    assert [(p["row"], p["column"]) for p in bad.problems] == [(4, "municipality")]
    good = services.upload_check(municipality=None, user=team, upload=upload(content.rsplit(b"\n", 2)[0] + b"\n"), reference=True)
    services.upload_confirm(municipality=None, upload_id=good.pk, reference=True)
    assert dict(ReferenceValue.objects.values_list("area", "value")) == {"NL01": 190.0, "GK5": 210.0}


def test_the_campaign_team_imports_reference_values_in_the_back_office(client):
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    assert client.get("/backoffice/monitor/referencevalue/").status_code == 200
    file = SimpleUploadedFile("referenties.csv", b"indicator;jaar;waarde;gemeente\n12.5.g1;2023;180,5;NL01\n12.5.g1;2023;175;GK5\n")
    response = client.post("/backoffice/monitor/referencevalue/import/", {"file": file})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and not ReferenceValue.objects.exists()
    assert client.post(response["Location"]).status_code == 302
    assert client.post(response["Location"]).status_code == 200  # confirming twice: told, nothing doubled
    assert dict(ReferenceValue.objects.values_list("area", "value")) == {"NL01": 180.5, "GK5": 175.0}
