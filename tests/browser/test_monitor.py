"""The Monitor in the browser: a member imports a file (first with problems, then corrected), sees
the dashboard and the indicator page, makes a Voluntary Local Review and downloads its PDF; axe-core
on every Monitor page in Dutch and English."""

import io

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Role
from apps.monitor.catalogue import catalogue_load
from apps.monitor.models import AdoptedIndicator, Indicator, Review, Upload, Value
from tests.factories import MembershipFactory, UserFactory, municipality

AXE_PAGES = [
    "monitor:library",
    "monitor:dashboard",
    "monitor:indicator",
    "monitor_workspace:dashboard",
    "monitor_workspace:library",
    "monitor_workspace:own_new",
    "monitor_workspace:indicator",
    "monitor_workspace:settings",
    "monitor_workspace:import",
    "monitor_workspace:import_preview",
    "monitor_workspace:reviews",
    "monitor_workspace:review",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests


@pytest.fixture
def utrecht(transactional_db):
    catalogue_load()
    place = MembershipFactory(municipality=municipality("GM0344")).municipality
    # peers, so that the indicator page has comparison lines
    for code in ("GM0307", "GM0310", "GM0321", "GM0353"):
        peer = MembershipFactory(municipality=municipality(code)).municipality
        for ind in ("12.5.g1", "1.2.g1"):
            indicator = Indicator.objects.get(code=ind)
            AdoptedIndicator.objects.create(municipality=peer, indicator=indicator, public=True)
            Value.objects.bulk_create(
                [Value(municipality=peer, indicator=indicator, year=y, value=190 - 3 * (y - 2016) + len(code)) for y in range(2016, 2025)]
            )
    return place


def rows(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_import_dashboard_and_review(page, utrecht, login_as, axe_clean, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = login_as(UserFactory(full_name="Lotte Jansen", role=Role.COORDINATOR, municipality=utrecht))
    slug = member.municipality.slug
    axe_clean(f"/werkruimte/{slug}/monitor/", "monitor-workspace-empty")
    axe_clean(f"/werkruimte/{slug}/monitor/import/", "monitor-import")

    # a file with problems: the preview names them, nothing is written
    page.goto(f"/werkruimte/{slug}/monitor/import/")
    bad = rows(
        [
            "indicator;jaar;waarde;gemeente",
            "12.5.g1;2016;205;GM0344",
            "12.5.g1;2017;veel;GM0344",
            "99.9.x;2018;1;",
            "12.5.g1;2019;190;GM0307",
            "12.5.g1;2099;1;",
        ]
    )
    page.get_by_label("CSV- of Excelbestand").set_input_files(files=[{"name": "waarden.csv", "mimeType": "text/csv", "buffer": bad}])
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", name="Het bestand bevat 4 fouten; er is niets geïmporteerd.")).to_be_visible()
    expect(page.get_by_role("cell", name="“veel” is geen getal.")).to_be_visible()
    assert not Value.objects.filter(municipality=utrecht).exists()
    axe_clean(page.url.split(live_server.url, 1)[1], "monitor-import-problems")

    # the corrected file (semicolons, decimal commas, a neighbourhood)
    lines = ["indicator;jaar;waarde;gemeente;uitsplitsing"]
    for year in range(2016, 2025):
        lines.append(f"12.5.g1;{year};{210 - 6 * (year - 2016)},5;GM0344;")
        total, overvecht = f"{9 - 0.2 * (year - 2016):.1f}".replace(".", ","), f"{12 - 0.3 * (year - 2016):.1f}".replace(".", ",")
        lines.append(f"1.2.g1;{year};{total};GM0344;")
        lines.append(f"1.2.g1;{year};{overvecht};GM0344;Wijk: Overvecht")
    page.goto(f"/werkruimte/{slug}/monitor/import/")
    page.get_by_label("CSV- of Excelbestand").set_input_files(files=[{"name": "waarden.csv", "mimeType": "text/csv", "buffer": rows(lines)}])
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_text("Het bestand klopt. Er is nog niets opgeslagen.")).to_be_visible()
    preview = page.url.split(live_server.url, 1)[1]
    axe_clean(preview, "monitor-import-preview")
    page.goto(preview)
    page.get_by_role("button", name="27 waarden importeren").click()
    expect(page.get_by_text("27 waarden zijn geïmporteerd.")).to_be_visible()
    assert Value.objects.filter(municipality=utrecht).count() == 27
    assert Upload.objects.get(pk=int(preview.rstrip("/").split("/")[-1])).status == "imported"

    # the coordinator sets an ambition; the dashboard shows the status in words
    adoption = AdoptedIndicator.objects.get(municipality=utrecht, indicator__code="12.5.g1")
    page.goto(f"/werkruimte/{slug}/monitor/set/{adoption.pk}/instellingen/")
    page.get_by_label("Ambitie (niet verplicht)", exact=True).fill("100")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De instellingen zijn opgeslagen.")).to_be_visible()
    expect(page.locator(".monitor-status__label").first).to_be_visible()
    axe_clean(f"/werkruimte/{slug}/monitor/set/{adoption.pk}/", "monitor-workspace-indicator")
    axe_clean(f"/werkruimte/{slug}/monitor/set/{adoption.pk}/instellingen/", "monitor-settings")
    axe_clean(f"/werkruimte/{slug}/monitor/", "monitor-workspace-dashboard")
    axe_clean(f"/werkruimte/{slug}/monitor/indicatoren/?doel=12", "monitor-workspace-library")
    axe_clean(f"/werkruimte/{slug}/monitor/indicatoren/eigen/", "monitor-own-indicator")
    page.goto(f"/monitor/{slug}/")
    expect(page.get_by_role("link", name="Huishoudelijk restafval")).to_be_visible()
    axe_clean(f"/monitor/{slug}/", "monitor-dashboard")
    axe_clean(f"/monitor/{slug}/12-5-g1/", "monitor-indicator")
    axe_clean(f"/monitor/{slug}/1-2-g1/", "monitor-indicator-breakdown")
    axe_clean("/monitor/", "monitor-library")

    # one action: a draft review, typeset as a PDF by the task
    axe_clean(f"/werkruimte/{slug}/monitor/vlr/", "monitor-reviews")
    page.goto(f"/werkruimte/{slug}/monitor/vlr/")
    page.get_by_label("Nederlands").check()
    page.get_by_role("button", name="Concept-VLR maken").click(timeout=120_000)  # the task typesets the PDF at once in tests
    expect(page.get_by_role("heading", level=1, name="Utrecht en de Global Goals")).to_be_visible()
    review = Review.objects.get(municipality=utrecht)
    assert review.pdf_status == "ready"
    page.get_by_text("Teksten bewerken").click()
    page.get_by_label("Doel 12: Verantwoorde consumptie en productie").fill("Minder restafval door gft- en pmd-inzameling.")
    page.get_by_role("button", name="Teksten opslaan").click(timeout=120_000)
    expect(page.get_by_text("Minder restafval door gft- en pmd-inzameling.").last).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Pdf downloaden").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    assert len(document) >= 3
    for index in range(len(document)):
        document[index].render(scale=1).to_pil().save(f"test-artifacts/monitor-vlr-page-{index + 1}.png")
    axe_clean(f"/werkruimte/{slug}/monitor/vlr/{review.pk}/", "monitor-review")
