"""The budget in the browser: import a CSV (problems first, then a good file), confirm, tag a line
over two goals (a wrong split refused), see the chart and the table, write the Global Goals paragraph;
axe-core on every budget page in Dutch and English."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from apps.budget.models import Budget, BudgetImport, GoalTotal, Taakveld
from apps.budget.selectors import budget_lines
from apps.budget.services import reference_load
from tests.factories import UserFactory

AXE_PAGES = [
    "budget:index",
    "budget:municipality",
    "budget:goal",
    "budget_workspace:dashboard",
    "budget_workspace:import",
    "budget_workspace:entry",
    "budget_workspace:preview",
    "budget_workspace:budget",
    "budget_workspace:line",
    "budget_workspace:paragraph",
    "budget_workspace:history",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

BAD = "taakveld;programma;lasten;baten\n0.1;Bestuur;2.133.000;0\n9.9;Onbekend;100;0\n6.3;Sociaal domein;-5;0\n"
GOOD = (
    "taakveld;programma;lasten;baten\n"
    "0.1;Bestuur;2.133.000;0\n"
    "0.4;Bedrijfsvoering;15.054.894,25;3.320.238\n"
    "6.3;Sociaal domein;9.079.250,50;6.485.000\n"
    "7.4;Duurzaamheid;1.658.000;516.000\n"
    "5.7;Groen;4.953.000;200.000\n"
)


@pytest.fixture
def taakvelden():
    if not Taakveld.objects.exists():  # the live-server tests flush the database
        reference_load()


def test_import_tag_chart_paragraph(page, login_as, axe_clean, taakvelden, tmp_path):
    user = login_as(UserFactory(role="coordinator", full_name="Ahmed El Amrani"))
    slug = user.municipality.slug
    user.municipality.population = 45_000  # € 731 per inhabitant: plausible in euros, so no unit question
    user.municipality.save(update_fields=["population"])
    axe_clean(f"/werkruimte/{slug}/begroting/", "budget-dashboard-empty")
    axe_clean(f"/werkruimte/{slug}/begroting/importeren/", "budget-import")
    axe_clean(f"/werkruimte/{slug}/begroting/invoeren/", "budget-entry")

    # a file with problems: named by row and column, nothing imported
    bad = tmp_path / "begroting-fout.csv"
    bad.write_text(BAD, encoding="utf-8")
    page.goto(f"/werkruimte/{slug}/begroting/importeren/")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_label("Bestand (CSV, XLSX of ODS)").set_input_files(bad)
    page.get_by_role("button", name="Bestand controleren").click()
    # only the unknown code: a negative amount (-5) is a correction or credit posting and is imported as it is
    expect(page.get_by_role("alert").filter(has_text="Het bestand heeft")).to_contain_text("1 probleem")
    problems = page.get_by_role("table", name="Problemen per regel en kolom")
    expect(problems.get_by_role("row").filter(has_text="“9.9” is geen Iv3-taakveldcode")).to_contain_text("taakveld")
    assert not Budget.objects.exists()
    axe_clean(page.url.removeprefix(page.url.split("/werkruimte/")[0]), "budget-preview-problems")

    # the corrected file
    good = tmp_path / "begroting-2026.csv"
    good.write_text(GOOD, encoding="utf-8")
    page.goto(f"/werkruimte/{slug}/begroting/importeren/")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_label("Bestand (CSV, XLSX of ODS)").set_input_files(good)
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_text("€ 32.878.144,75")).to_be_visible()
    expect(page.get_by_text("Totale lasten per inwoner: € 730,63.")).to_be_visible()
    expect(page.get_by_role("button", name="De bedragen zijn in euro's")).to_have_count(0)  # no plausibility question to answer
    preview = f"/werkruimte/{slug}/begroting/importeren/{BudgetImport.objects.latest('pk').pk}/"
    axe_clean(preview, "budget-preview")
    page.goto(preview)
    page.get_by_label("Ik heb de cijfers gecontroleerd: importeer ze").check()
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("De primitieve begroting 2026 is geïmporteerd.")).to_be_visible()
    budget = Budget.objects.get(municipality=user.municipality)
    assert budget.total_lasten == Decimal("32878144.75")

    # tag 7.4 over goals 7 and 13: a split of 90 % is refused, 100 % saved
    page.get_by_role("link", name="7.4 Milieubeheer").click()
    page.get_by_label("Betaalbare en duurzame energie (%)").fill("50")
    page.get_by_label("Klimaatactie (%)").fill("40")
    page.get_by_label("Leven op het land (%)").fill("")
    page.get_by_label("Waarom deze doelen en percentages?").fill("Ons milieubudget gaat vooral naar de energietransitie en klimaatadaptatie.")
    page.get_by_role("button", name="Toedeling opslaan").click()
    expect(page.get_by_role("alert").filter(has_text="De percentages tellen op tot 90 %")).to_be_visible()
    line_url = page.url
    page.get_by_label("Klimaatactie (%)").fill("50")
    page.get_by_role("button", name="Toedeling opslaan").click()
    expect(page.get_by_text("De toedeling is opgeslagen.")).to_be_visible()
    rows = budget_lines(budget=budget)
    assert next(r for r in rows if r["code"] == "7.4")["amounts"] == {7: Decimal("829000"), 13: Decimal("829000")}  # 1.658.000 × 50 %
    assert GoalTotal.objects.get(budget=budget, goal_id=13).amount == sum(r["amounts"].get(13, 0) for r in rows)  # support lines spread in proportion
    axe_clean(line_url.removeprefix(line_url.split("/werkruimte/")[0]), "budget-line")

    # the chart with its table alternative, in the goal colours
    budget_path = f"/werkruimte/{slug}/begroting/{budget.pk}/"
    axe_clean(budget_path, "budget-budget")
    page.goto(budget_path)
    expect(page.locator("svg.budget-chart rect[fill='#3F7E44']").first).to_be_attached()
    expect(page.get_by_role("table", name="Lasten per doel")).to_contain_text("Klimaatactie")

    # the paragraph: generated text with the figures, edited and saved
    page.get_by_role("link", name="Global Goals-paragraaf en exports").click()
    text = page.get_by_label("Tekst van de paragraaf")
    expect(text).to_contain_text("€ 32.878.144,75")
    text.fill(text.input_value() + "\n\nDe raad wordt jaarlijks geïnformeerd over de voortgang.")
    page.get_by_role("button", name="Paragraaf opslaan").click()
    expect(page.get_by_text("De paragraaf is opgeslagen.")).to_be_visible()
    budget.refresh_from_db()
    assert budget.paragraph.endswith("voortgang.")
    axe_clean(f"/werkruimte/{slug}/begroting/{budget.pk}/paragraaf/", "budget-paragraph")
    axe_clean(f"/werkruimte/{slug}/begroting/{budget.pk}/geschiedenis/", "budget-history")
    axe_clean(f"/werkruimte/{slug}/begroting/", "budget-dashboard")

    # public pages
    axe_clean("/begroting/", "budget-index")
    axe_clean(f"/begroting/{slug}/", "budget-municipality")
    axe_clean(f"/begroting/{slug}/doel/13/", "budget-goal")
    page.goto(f"/begroting/{slug}/doel/13/")
    expect(page.get_by_role("table", name="Begrotingsregels voor dit doel, Primitieve begroting 2026")).to_contain_text("Ons milieubudget")
