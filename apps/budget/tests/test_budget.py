import csv
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from apps.budget import selectors, services
from apps.budget.models import Budget, BudgetDocument, BudgetImport, BudgetLine, GoalTotal, KeyShare, Taakveld, TaggingEvent, Version
from apps.budget.templatetags.budget import euro, percent
from apps.core import tabular
from tests.factories import MembershipFactory, UserFactory, municipality

from .conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data"
# the campaign's reference folder (../shared from the project root; BUDGET_SHARED_DATA to point elsewhere)
SHARED = Path(os.environ.get("BUDGET_SHARED_DATA") or Path(__file__).resolve().parents[3].parent / "shared" / "data" / "budget")


def upload(name, data):
    return SimpleUploadedFile(name, data)


def import_rows(m, rows, *, year=2026, version=Version.PRIMITIVE, user=None, number=0, name="begroting.csv", data=None, unit=1):
    """Amounts in euros unless ``unit`` is None (recognised from the file): the small test budgets
    would otherwise ask whether they are in thousands."""
    data = data if data is not None else csv_bytes(rows)
    budget_import = services.import_from_upload(
        municipality=m, user=user, year=year, version=version, number=number, upload=upload(name, data), unit=unit
    )
    return budget_import


# --- reference data -------------------------------------------------------------------------------


def test_taakvelden_list_is_the_current_iv3_list():
    codes = list(Taakveld.objects.filter(current=True).values_list("code", flat=True))
    assert len(codes) == 69
    assert codes[:3] == ["0.1", "0.2", "0.3"] and "0.10" in codes and "6.753" in codes and "8.3" in codes
    assert not Taakveld.objects.filter(code="6.71a").exists()  # mapped to 6.711, not kept
    assert set(Taakveld.objects.filter(current=False).values_list("code", flat=True)) >= {"6.2", "6.72a", "6.74c"}  # splits kept as own lines


@pytest.mark.skipif(not (SHARED / "iv3_taakvelden.csv").exists(), reason="the campaign's reference folder is not here")
def test_taakvelden_match_the_official_list_in_the_reference_folder():
    with (SHARED / "iv3_taakvelden.csv").open(encoding="utf-8") as handle:
        official = {row["code"]: row for row in csv.DictReader(handle)}
    ours = {t.code: t for t in Taakveld.objects.filter(current=True)}
    assert set(ours) == set(official)
    for code, row in official.items():
        assert int(row["hoofdtaakveld"]) == ours[code].main
        assert ours[code].name_nl.casefold() == row["naam"].casefold()


def test_default_key_covers_every_taakveld_with_100_percent_and_reasoning():
    for taakveld in Taakveld.objects.prefetch_related("key_shares"):
        shares = list(taakveld.key_shares.all())
        assert shares, taakveld.code
        assert sum(s.percentage for s in shares) == Decimal(100), taakveld.code
        assert taakveld.reasoning_nl and taakveld.reasoning_en, taakveld.code
        assert taakveld.name_en and taakveld.description_nl and taakveld.description_en, taakveld.code


def test_key_targets_exist_and_belong_to_the_goal():
    from apps.goals.models import Target

    codes = set(Target.objects.values_list("code", "goal_id"))
    for share in KeyShare.objects.exclude(targets=""):
        for target in share.targets.split():
            assert (target, share.goal_id) in codes, (share.taakveld.code, target)


def test_reference_load_keeps_the_campaign_teams_changes():
    taakveld = Taakveld.objects.get(code="7.3")
    taakveld.key_shares.all().delete()
    KeyShare.objects.create(taakveld=taakveld, goal_id=12, percentage=100)
    Taakveld.objects.filter(pk=taakveld.pk).update(reasoning_nl="Eigen uitleg")
    services.reference_load()
    assert list(taakveld.key_shares.values_list("goal_id", "percentage")) == [(12, Decimal(100))]
    assert Taakveld.objects.get(code="7.3").reasoning_nl == "Eigen uitleg"


# --- amounts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1234,5", "1234.50"),
        ("2.133.000", "2133000"),
        ("2,133,000", "2133000"),
        ("1.000", "1000"),
        ("€ 12", "12"),
        ("-100.000", "-100000"),
        ("(500)", "-500"),
        ("12 345 678,90", "12345678.90"),
        (1234.56, "1234.56"),
        (0.1 + 0.2, "0.30"),
        (2133000, "2133000"),
    ],
)
def test_amounts_in_dutch_and_english_notation(text, expected):
    assert tabular.to_decimal(text, tabular.DUTCH) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.2.3", "abc", "12,345,67", "12.345,6.78", "", None, "1e5"])
def test_amounts_that_are_not_amounts_are_refused(text):
    with pytest.raises(ValueError):
        tabular.to_decimal(text, tabular.DUTCH)


def test_amounts_are_formatted_per_language():
    with translation.override("nl"):
        assert euro(Decimal("1234567.891")) == "€ 1.234.567,89"
        assert percent(Decimal("0.1234")) == "12,3 %"
    with translation.override("en"):
        assert euro(Decimal("-1234567.5")) == "-€1,234,567.50"
        assert percent(Decimal("0.1234")) == "12.3%"


# --- exact totals -----------------------------------------------------------------------------------


def test_allocate_adds_up_exactly_and_is_deterministic():
    shares = [(3, Decimal("33.33")), (10, Decimal("33.33")), (1, Decimal("33.34"))]
    parts = services.allocate(100, shares)
    assert sum(parts.values()) == 100
    assert parts == services.allocate(100, shares)
    assert services.allocate(1, [(3, Decimal(50)), (10, Decimal(50))]) == {3: 1, 10: 0}  # tie: the lower goal
    negative = services.allocate(-1001, [(1, Decimal(50)), (2, Decimal(50))])
    assert sum(negative.values()) == -1001


def test_goal_totals_add_up_to_the_budget_total_to_the_cent():
    m = MembershipFactory().municipality
    rows = [(t.code, "P", f"{1000 + i * 7},{i % 100:02d}", "0") for i, t in enumerate(Taakveld.objects.all())]
    budget = services.import_confirm(budget_import=import_rows(m, rows), user=None)
    totals = GoalTotal.objects.filter(budget=budget)
    assert totals.count() == 17
    counted = sum((line.lasten for line in budget.lines.filter(taakveld__counts_in_total=True)), Decimal(0))
    separate = sum((line.lasten for line in budget.lines.filter(taakveld__code="8.2")), Decimal(0))  # land development apart
    assert budget.total_separate == separate
    assert sum(t.amount for t in totals) + budget.total_separate == budget.total_lasten == counted
    figures = selectors.goal_budget(municipality=m)
    assert sum(g["amount"] for g in figures["goals"].values()) + budget.total_separate == figures["total_lasten"]
    assert all(isinstance(g["amount"], Decimal) and isinstance(g["share"], Decimal) for g in figures["goals"].values())


def test_reserves_and_result_do_not_count_in_the_total():
    m = MembershipFactory().municipality
    budget = services.import_confirm(budget_import=import_rows(m, [("0.10", "", "5000", "0"), ("6.3", "", "1000", "0")]), user=None)
    assert budget.total_lasten == Decimal(1000)


# --- import -----------------------------------------------------------------------------------------


def test_import_real_csv_with_dutch_notation_and_semicolons():
    m = MembershipFactory().municipality
    data = b"taakveld;programma;lasten;baten\n0.1;Bestuur;2.133.000;0\n6.3;Sociaal domein;9.079.250,50;6.485.000\n7.4 Milieubeheer;Duurzaamheid;1.658.000;516.000\n"
    budget_import = import_rows(m, None, data=data)
    assert budget_import.problems == []
    summary = services.import_summary(budget_import)
    assert summary["lines"] == 3 and summary["lasten"] == Decimal("12870250.50")
    assert not Budget.objects.filter(municipality=m).exists()  # nothing written before confirmation
    budget = services.import_confirm(budget_import=budget_import, user=None)
    assert budget.total_lasten == Decimal("12870250.50") and budget.total_baten == Decimal("7001000")
    assert budget.lines.get(taakveld__code="6.3").programme == "Sociaal domein"


def test_import_real_xlsx_file():
    m = MembershipFactory().municipality
    data = xlsx_bytes([("0.1", "Bestuur", 2133000, 0), ("6.3", "Sociaal", 9079250.5, "6.485.000"), ("7.2", "Riolering", "76.000,00", 103000)])
    budget_import = import_rows(m, None, data=data, name="begroting.xlsx")
    assert budget_import.problems == []
    budget = services.import_confirm(budget_import=budget_import, user=None)
    assert budget.total_lasten == Decimal("11288250.50")


def test_import_of_the_wassenaar_cbs_file_in_thousands():
    """The real file shape CBS publishes (x EUR 1000, comma-separated, extra columns): refused before
    issue 18 for its 2024 codes (6.71a ...); now every line imports, older codes mapped or kept."""
    if not (SHARED / "example_wassenaar_2024.csv").exists():
        pytest.skip("the campaign's reference folder is not here")
    m = municipality("GM0629")
    MembershipFactory(municipality=m)
    data = (SHARED / "example_wassenaar_2024.csv").read_bytes()
    budget_import = import_rows(m, None, data=data, year=2024, unit=None)
    assert budget_import.problems == [] and budget_import.unit == 1000 and budget_import.unit_question == ""
    assert len(budget_import.rows) == 71
    assert budget_import.notes["mapped"]["6.71a → 6.711"] == 1 and "6.72a" in budget_import.notes["kept_older_codes"]
    rows = {r["original"] or r["code"]: r for r in budget_import.rows}
    assert Decimal(rows["0.4"]["lasten"]) == Decimal(15055000)  # x1000 in the column name
    assert rows["6.71a"]["code"] == "6.711"
    budget = services.import_confirm(budget_import=budget_import, user=None)
    assert budget.lines.count() == 71


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported():
    m = MembershipFactory().municipality
    other = municipality("GM0363")
    data = "\n".join(
        [
            "gemeente;jaar;taakveld;lasten;baten",
            f"{m.cbs_code};2026;0.1;1.000;0",
            f"{m.cbs_code};2026;9.9;1.000;0",  # unknown taakveld
            f"{m.cbs_code};2026;6.3;-500;0",  # negative lasten: real Iv3 figures have them, accepted
            f"{m.cbs_code};2026;0.1;2.000;0",  # duplicate of row 2
            f"{other.cbs_code};2026;7.4;100;0",  # another municipality's line: left out, and said so
            f"{m.cbs_code};2025;7.3;100;0",  # another year
            f"{m.cbs_code};2026;7.2;veel;0",  # not an amount
            f"{m.cbs_code};2026;0.8;-300;0",  # allowed: credits on 0.8
        ]
    ).encode()
    budget_import = import_rows(m, None, data=data)
    found = {(p["row"], p["column"].split(" ")[0]) for p in budget_import.problems}
    assert found == {(3, "C"), (5, "C"), (7, "B"), (8, "D")}
    messages = " ".join(p["message"] for p in budget_import.problems)
    assert "9.9" in messages and "regel 2" in messages
    assert budget_import.notes["other_rows"] == 1
    with pytest.raises(services.BudgetError):
        services.import_confirm(budget_import=budget_import, user=None)
    assert not Budget.objects.filter(municipality=m).exists()


def test_missing_columns_empty_and_wrong_files_are_clear():
    m = MembershipFactory().municipality
    missing = import_rows(m, None, data=b"code;bedrag\n0.1;100\n")
    assert missing.problems[0]["column"] == "lasten" and "lasten" in missing.problems[0]["message"]
    with pytest.raises(services.BudgetError):
        import_rows(m, None, data=b"")
    with pytest.raises(services.BudgetError):
        import_rows(m, None, data=b"PK\x03\x04 not really a workbook", name="x.xlsx")
    with pytest.raises(services.BudgetError):
        import_rows(m, None, data=b"x" * 10, name="begroting.pdf")
    with pytest.raises(services.BudgetError):
        import_rows(m, None, data=b"a" * (services.IMPORT_MAX_BYTES + 1))


def test_confirming_twice_imports_once():
    m = MembershipFactory().municipality
    budget_import = import_rows(m, [("6.3", "", "1000", "0")])
    first = services.import_confirm(budget_import=budget_import, user=None)
    second = services.import_confirm(budget_import=budget_import, user=None)
    assert first == second and BudgetLine.objects.filter(budget__municipality=m).count() == 1


def test_reimport_replaces_lines_and_keeps_own_tagging():
    m = MembershipFactory().municipality
    budget = services.import_confirm(budget_import=import_rows(m, [("6.3", "Sociaal", "1000", "0"), ("7.4", "", "500", "0")]), user=None)
    line = budget.lines.get(taakveld__code="6.3")
    services.line_tag(line=line, user=None, shares=[(1, Decimal(100))], reason="Armoede")
    again = services.import_confirm(budget_import=import_rows(m, [("6.3", "Sociaal", "2000", "0"), ("7.4", "", "600", "0")]), user=None)
    assert again.pk == budget.pk
    line = again.lines.get(taakveld__code="6.3")
    assert line.tagged and line.reason == "Armoede" and list(line.shares.values_list("goal_id", flat=True)) == [1]
    assert GoalTotal.objects.get(budget=again, goal_id=1).amount == Decimal(2000)


def test_several_years_and_versions_side_by_side():
    m = MembershipFactory().municipality
    for year, version, number, amount in [
        (2024, Version.ACCOUNTS, 0, "900"),
        (2025, Version.PRIMITIVE, 0, "1000"),
        (2025, Version.AMENDMENT, 1, "1100"),
        (2026, Version.PRIMITIVE, 0, "1200"),
    ]:
        services.import_confirm(budget_import=import_rows(m, [("6.3", "", amount, "0")], year=year, version=version, number=number), user=None)
    budgets = selectors.municipality_budgets(municipality=m)
    assert [(b.year, b.version) for b in budgets] == [(2026, "primitive"), (2025, "amendment"), (2025, "primitive"), (2024, "accounts")]
    history = selectors.year_over_year(municipality=m)
    assert [y["year"] for y in history["years"]] == [2024, 2025, 2026]
    assert history["years"][1]["budget"].version == Version.AMENDMENT  # the most final version of 2025
    assert selectors.goal_budget(municipality=m, year=2025)["version_label"] == "Begrotingswijziging 1"


# --- tagging ----------------------------------------------------------------------------------------


@pytest.fixture
def budget():
    m = MembershipFactory().municipality
    return services.import_confirm(budget_import=import_rows(m, [("7.4", "Duurzaamheid", "1000,00", "0"), ("6.3", "", "3000", "0")]), user=None)


def test_a_split_must_add_up_to_exactly_100(budget):
    line = budget.lines.get(taakveld__code="7.4")
    with pytest.raises(services.BudgetError, match="99"):
        services.line_tag(line=line, user=None, shares=[(7, Decimal(60)), (13, Decimal(39))], reason="x")
    with pytest.raises(services.BudgetError):
        services.line_tag(line=line, user=None, shares=[(7, Decimal(100))], reason="  ")
    line.refresh_from_db()
    assert not line.tagged


def test_own_tagging_changes_the_figures_and_is_recorded(budget):
    user = UserFactory(municipality=budget.municipality)
    line = budget.lines.get(taakveld__code="7.4")
    services.line_tag(line=line, user=user, shares=[(7, Decimal("33.33")), (13, Decimal("66.67"))], reason="Energie en klimaat")
    amounts = dict(GoalTotal.objects.filter(budget=budget).values_list("goal_id", "amount"))
    assert amounts[7] == Decimal("333.30") and amounts[13] == Decimal("666.70") and amounts[15] == 0
    event = TaggingEvent.objects.get(line=line, kind="tagged")
    assert event.actor == user and event.before == {"7": "40.00", "13": "40.00", "15": "20.00"} and event.after == {"7": "33.33", "13": "66.67"}
    services.line_reset(line=line, user=user)
    assert GoalTotal.objects.get(budget=budget, goal_id=15).amount == Decimal(200)
    assert line.history.count() >= 2  # simple_history on the line too


def test_own_sub_line_takes_its_amount_from_the_taakveld_line(budget):
    parent = budget.lines.get(taakveld__code="7.4")
    services.subline_add(parent=parent, user=None, label="Warmtenet", lasten=Decimal(400), shares=[(7, Decimal(100))], reason="Aardgasvrij")
    amounts = dict(GoalTotal.objects.filter(budget=budget).values_list("goal_id", "amount"))
    assert amounts[7] == Decimal(400) + Decimal(600) * Decimal("0.4")
    budget.refresh_from_db()
    assert sum(amounts.values()) == budget.total_lasten == Decimal(4000)
    with pytest.raises(services.BudgetError, match="600"):
        services.subline_add(parent=parent, user=None, label="Te veel", lasten=Decimal(700), shares=[(7, Decimal(100))], reason="x")
    child = parent.children.get()
    services.subline_remove(line=child, user=None)
    assert GoalTotal.objects.get(budget=budget, goal_id=7).amount == Decimal(400)


def test_admin_key_change_recalculates_every_budget(budget, admin_client, django_capture_on_commit_callbacks):
    taakveld = Taakveld.objects.get(code="6.3")
    url = reverse("admin:budget_taakveld_change", args=[taakveld.pk])
    shares = list(taakveld.key_shares.all())
    data = {
        "name_nl": taakveld.name_nl, "name_en": taakveld.name_en, "description_nl": "d", "description_en": "d",
        "reasoning_nl": "r", "reasoning_en": "r", "counts_in_total": "on",
        "key_shares-TOTAL_FORMS": "3", "key_shares-INITIAL_FORMS": str(len(shares)), "key_shares-MIN_NUM_FORMS": "0", "key_shares-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, share in enumerate(shares):
        data |= {
            f"key_shares-{i}-id": share.pk,
            f"key_shares-{i}-taakveld": taakveld.pk,
            f"key_shares-{i}-goal": share.goal_id,
            f"key_shares-{i}-percentage": "40",
        }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "100" in response.content.decode()  # 40 + 40 refused
    data |= {"key_shares-0-percentage": "100", "key_shares-1-DELETE": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    assert GoalTotal.objects.get(budget=budget, goal_id=1).amount == Decimal(3000)


# --- pages, isolation, exports --------------------------------------------------------------------


def test_isolation_between_municipalities(client, budget):
    other = UserFactory(role="coordinator")
    client.force_login(other)
    line = budget.lines.first()
    slug = budget.municipality.slug
    assert client.get(reverse("budget_workspace:budget", kwargs={"slug": slug, "pk": budget.pk})).status_code == 403
    # their own workspace with someone else's budget id: 404
    own = other.municipality.slug
    assert client.get(reverse("budget_workspace:budget", kwargs={"slug": own, "pk": budget.pk})).status_code == 404
    response = client.post(
        reverse("budget_workspace:line", kwargs={"slug": own, "pk": budget.pk, "line_pk": line.pk}), {"goal_1": "100", "reason": "x"}
    )
    assert response.status_code == 404
    foreign_import = import_rows(budget.municipality, [("0.1", "", "1", "0")])
    assert client.post(reverse("budget_workspace:preview", kwargs={"slug": own, "pk": foreign_import.pk}), {"confirm": "1"}).status_code == 404
    assert not line.shares.exists()


def test_coordinator_imports_previews_confirms_and_tags_in_the_workspace(client):
    user = UserFactory(role="coordinator")
    client.force_login(user)
    slug = user.municipality.slug
    data = csv_bytes([("6.3", "Sociaal domein", "1.000,00", "0"), ("7.4", "Duurzaamheid", "500", "10")])
    response = client.post(
        reverse("budget_workspace:import", kwargs={"slug": slug}), {"year": 2026, "version": "primitive", "number": "", "file": upload("b.csv", data)}
    )
    budget_import = BudgetImport.objects.get(municipality=user.municipality)
    assert response.status_code == 302 and response["Location"].endswith(f"/importeren/{budget_import.pk}/")
    preview = client.get(response["Location"]).content.decode()
    assert "€ 1.500,00" in preview
    assert client.post(response["Location"], {}).status_code == 302 and not Budget.objects.exists()  # not ticked
    client.post(response["Location"], {"confirm": "1"})
    budget = Budget.objects.get(municipality=user.municipality)
    line = budget.lines.get(taakveld__code="7.4")
    url = reverse("budget_workspace:line", kwargs={"slug": slug, "pk": budget.pk, "line_pk": line.pk})
    refused = client.post(url, {"goal_7": "50", "goal_13": "40", "reason": "Klimaat"})
    assert refused.status_code == 200 and "90" in refused.content.decode() and not TaggingEvent.objects.filter(kind="tagged").exists()
    client.post(url, {"goal_7": "50", "goal_13": "50,00", "reason": "Klimaat"})
    assert GoalTotal.objects.get(budget=budget, goal_id=13).amount == Decimal(250)
    page = client.get(reverse("budget:municipality", kwargs={"slug": slug})).content.decode()
    assert "<svg" in page and "€ 1.500" in page


def test_form_entry_goes_through_the_same_checks(client):
    user = UserFactory(role="coordinator")
    client.force_login(user)
    slug = user.municipality.slug
    data = {
        "year": 2026,
        "version": "primitive",
        "number": "0",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }
    data |= {
        "form-0-programme": "Sociaal",
        "form-0-taakveld": "6.3",
        "form-0-lasten": "1.234,56",
        "form-0-baten": "",
        "form-1-programme": "Sociaal",
        "form-1-taakveld": "6.3",
        "form-1-lasten": "5",
    }
    response = client.post(reverse("budget_workspace:entry", kwargs={"slug": slug}), data)
    budget_import = BudgetImport.objects.get()
    assert response.status_code == 302 and [p["row"] for p in budget_import.problems] == [3]  # duplicate
    data["form-1-programme"] = "Ander programma"
    client.post(reverse("budget_workspace:entry", kwargs={"slug": slug}), data)
    budget_import = BudgetImport.objects.latest("pk")
    assert budget_import.problems == [] and budget_import.rows[0]["lasten"] == "1234.56"


def test_paragraph_exports_and_pdf(client, budget, django_capture_on_commit_callbacks):
    user = UserFactory(role="coordinator", municipality=budget.municipality)
    client.force_login(user)
    slug = budget.municipality.slug
    url = reverse("budget_workspace:paragraph", kwargs={"slug": slug, "pk": budget.pk})
    page = client.get(url).content.decode()
    assert "Global Goals" in page and budget.municipality.display_name in page
    client.post(url, {"paragraph": "Onze eigen tekst."})
    budget.refresh_from_db()
    assert budget.paragraph == "Onze eigen tekst."
    csv_response = client.get(reverse("budget_workspace:export_csv", kwargs={"slug": slug, "pk": budget.pk}))
    text = csv_response.content.decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv") and "4000,00" in text and ";" in text
    xlsx = client.get(reverse("budget_workspace:export_xlsx", kwargs={"slug": slug, "pk": budget.pk}))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Doel" and any(row[1] == "Totaal" and row[2] == 4000 for row in values)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("budget_workspace:pdf", kwargs={"slug": slug, "pk": budget.pk}))
        client.post(reverse("budget_workspace:pdf", kwargs={"slug": slug, "pk": budget.pk}))  # double click
    document = BudgetDocument.objects.get(budget=budget)
    assert document.status == "ready"
    pdf = client.get(reverse("budget_workspace:pdf_download", kwargs={"slug": slug, "pk": budget.pk, "document": document.pk}))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_public_pages_and_goal_page(client, budget):
    slug = budget.municipality.slug
    assert client.get(reverse("budget:index")).status_code == 200
    page = client.get(reverse("budget:municipality", kwargs={"slug": slug})).content.decode()
    assert "Leven in het water" in page and "geen budget" in page  # a gap is shown
    goal = client.get(reverse("budget:goal", kwargs={"slug": slug, "number": 7})).content.decode()
    assert "7.4" in goal and "€ 400" in goal
    en = client.get("/en" + reverse("budget:municipality", kwargs={"slug": slug}).removeprefix("/en")).content.decode()
    assert "€4,000" in en or "no budget" in en
    assert client.get(reverse("budget:municipality", kwargs={"slug": "schiermonnikoog"})).status_code == 404
    assert client.get(reverse("budget:municipality", kwargs={"slug": slug}) + "?begroting=abc").status_code == 200


def test_goal_page_links_documents_and_indicators_when_those_apps_provide_them(client, budget, monkeypatch):
    calls = []

    def fake(module, name):
        def provider(*, municipality, goal):
            calls.append((name, goal))
            return [{"title": "Duurzaamheidsvisie", "url": "/x/", "score": 0.9, "date": None, "name": "CO2-uitstoot", "status_label": "Op koers"}]

        return provider

    monkeypatch.setattr(selectors, "optional", fake)
    page = client.get(reverse("budget:goal", kwargs={"slug": budget.municipality.slug, "number": 13})).content.decode()
    assert "Duurzaamheidsvisie" in page and "CO2-uitstoot" in page
    assert calls == [("goal_documents", 13), ("goal_indicators", 13)]


def _ten_years(m, lines=60):
    taakvelden = list(Taakveld.objects.all()[:lines])
    for year in range(2017, 2027):
        rows = [(t.code, "P", str(1000 + i + year), "0") for i, t in enumerate(taakvelden)]
        services.import_confirm(budget_import=import_rows(m, rows, year=year), user=None)


def test_query_counts_do_not_grow_with_years_and_peers(client, django_assert_max_num_queries):
    small = MembershipFactory().municipality
    services.import_confirm(budget_import=import_rows(small, [("6.3", "", "1", "0")], year=2026), user=None)
    url = reverse("budget:municipality", kwargs={"slug": small.slug})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _ten_years(small)
    for _ in range(3):
        peer = MembershipFactory().municipality
        services.import_confirm(budget_import=import_rows(peer, [("6.3", "", "5", "0")], year=2026), user=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    with django_assert_max_num_queries(3):
        selectors.goal_budget(municipality=small)


def test_privacy_export_and_anonymise(budget):
    from apps.budget import privacy

    user = UserFactory(municipality=budget.municipality)
    services.line_tag(line=budget.lines.first(), user=user, shares=[(1, Decimal(100))], reason="Omdat")
    assert privacy.export(user)["budget_changes"][0]["why"] == "Omdat"
    privacy.anonymise(user)
    assert not TaggingEvent.objects.filter(actor=user).exists() and TaggingEvent.objects.filter(reason="Omdat").exists()


def test_api_budget_figures_are_public_exact_and_filtered(client, budget):
    data = client.get("/api/v1/budgets", {"municipality": budget.municipality.cbs_code}).json()
    item = data["_embedded"]["budgets"][0] if "_embedded" in data else data["results"][0]
    assert item["totalExpenditure"] == "4000.00" and item["versionLabel"] == {"nl": "Primitieve begroting", "en": "Original budget"}
    assert len(item["goals"]) == 17 and sum(Decimal(g["amount"]) for g in item["goals"]) == Decimal(item["totalExpenditure"])
    detail = client.get(f"/api/v1/budgets/{budget.pk}").json()
    assert detail["municipality"] == budget.municipality.cbs_code
    bad = client.get("/api/v1/budgets", {"version": "x"})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/budgets", {"year": "abc"}).status_code == 400
    assert client.get("/api/v1/budgets", {"year": "2025"}).json() is not None


def test_every_workspace_page_renders_for_the_municipality_in_both_languages(client, budget):
    member = UserFactory(municipality=budget.municipality)
    client.force_login(member)
    parent = budget.lines.get(taakveld__code="7.4")
    child = services.subline_add(parent=parent, user=member, label="Warmtenet", lasten=Decimal(100), shares=[(7, Decimal(100))], reason="Aardgasvrij")
    budget_import = import_rows(budget.municipality, [("9.9", "", "1", "0")])
    slug = budget.municipality.slug
    urls = [
        reverse("budget_workspace:dashboard", kwargs={"slug": slug}),
        reverse("budget_workspace:import", kwargs={"slug": slug}),
        reverse("budget_workspace:entry", kwargs={"slug": slug}),
        reverse("budget_workspace:preview", kwargs={"slug": slug, "pk": budget_import.pk}),
        reverse("budget_workspace:budget", kwargs={"slug": slug, "pk": budget.pk}),
        reverse("budget_workspace:line", kwargs={"slug": slug, "pk": budget.pk, "line_pk": parent.pk}),
        reverse("budget_workspace:line", kwargs={"slug": slug, "pk": budget.pk, "line_pk": child.pk}),
        reverse("budget_workspace:paragraph", kwargs={"slug": slug, "pk": budget.pk}),
        reverse("budget_workspace:history", kwargs={"slug": slug, "pk": budget.pk}),
    ]
    for url in urls:
        for prefix in ("", "/en"):
            response = client.get(prefix + url.removeprefix("/en"))
            assert response.status_code == 200, url
    assert "Warmtenet" in client.get(urls[4]).content.decode()


def test_workspace_budget_page_queries_do_not_grow_with_lines(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory(role="coordinator")
    client.force_login(user)
    codes = list(Taakveld.objects.values_list("code", flat=True))
    small = services.import_confirm(budget_import=import_rows(user.municipality, [(c, "", "10", "0") for c in codes[:3]], year=2025), user=None)
    large = services.import_confirm(
        budget_import=import_rows(user.municipality, [(c, f"P{i}", "10", "0") for i in range(8) for c in codes], year=2026), user=None
    )
    services.line_tag(line=large.lines.first(), user=None, shares=[(1, Decimal(100))], reason="x")
    counts = []
    for budget in (small, large):
        url = reverse("budget_workspace:budget", kwargs={"slug": user.municipality.slug, "pk": budget.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_workspace_home_and_public_profile_link_the_budget(client, budget):
    member = UserFactory(municipality=budget.municipality)
    client.force_login(member)
    home = client.get(reverse("workspace:home", kwargs={"slug": budget.municipality.slug})).content.decode()
    assert reverse("budget_workspace:dashboard", kwargs={"slug": budget.municipality.slug}) in home
    profile = client.get(budget.municipality.get_absolute_url()).content.decode()
    assert reverse("budget:municipality", kwargs={"slug": budget.municipality.slug}) in profile and "€ 4.000" in profile


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_import_once():
    import threading

    from django.db import connection

    m = MembershipFactory().municipality
    budget_import = import_rows(m, [("6.3", "", "1000", "0")])
    results, barrier = [], threading.Barrier(2)

    def confirm():
        barrier.wait()
        try:
            results.append(services.import_confirm(budget_import=budget_import, user=None).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results[0] == results[1]
    assert Budget.objects.filter(municipality=m).count() == 1 and BudgetLine.objects.filter(budget__municipality=m).count() == 1
