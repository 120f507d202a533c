"""The Beleidsscan in the browser: upload a document, watch the progress (htmx polling) while a
worker scans it, read the result with its evidence, correct a finding; every page axe-clean in
Dutch and English."""

import pytest
from playwright.sync_api import expect

from apps.policyscan import services
from apps.policyscan.models import Document, PassageGoal, Scan
from apps.policyscan.tests import files
from tests.factories import UserFactory

AXE_PAGES = [
    "policyscan_workspace:dashboard",
    "policyscan_workspace:document_new",
    "policyscan_workspace:proposal_new",
    "policyscan_workspace:document",
    "policyscan_workspace:progress",  # the progress box, checked inside the document page while the scan waits
    "policyscan_workspace:goal",
    "policyscan_workspace:paragraph",
    "policyscan_workspace:compare",
    "policyscan_workspace:timeline",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

DOC = [files.ENERGY, files.POVERTY, files.HOUSING]


def test_upload_progress_result_and_correction(page, login_as, axe_clean, settings, tmp_path):
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    axe_clean(f"/werkruimte/{slug}/beleidsscan/", "policyscan-dashboard-empty")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/nieuw/", "policyscan-new")

    # no worker yet: the scan waits in the queue
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    path = tmp_path / "coalitieakkoord.docx"
    path.write_bytes(files.docx(DOC, table=[["Programma", "Budget"], ["Armoede", "14,5 miljoen"]]))
    page.goto(f"/werkruimte/{slug}/beleidsscan/")
    page.get_by_role("link", name="Document scannen").click()
    page.get_by_label("Bestand").set_input_files(str(path))
    page.get_by_label("Titel (niet verplicht)", exact=True).fill("Samen verder 2026-2030")
    page.get_by_label("Soort document").select_option("coalition")
    page.get_by_role("button", name="Start de scan").click()
    expect(page.get_by_text("De scan wacht op een vrije verwerker.")).to_be_visible()
    document = Document.objects.get(title="Samen verder 2026-2030")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/{document.pk}/", "policyscan-progress")

    # a worker picks it up; the box on the open page updates by itself
    page.goto(f"/werkruimte/{slug}/beleidsscan/{document.pk}/")
    services.scan_run(scan_id=document.scans.get().pk)
    page.get_by_role("link", name="Toon het resultaat").click()
    expect(page.get_by_role("heading", name="Profiel over de 17 doelen")).to_be_visible()
    expect(page.locator("svg[role=img] title")).to_have_text("Passages per doel")
    expect(page.get_by_role("table", name="Passages per doel (tabel)")).to_be_visible()
    expect(page.get_by_role("heading", name="Doelen die het document niet raakt")).to_be_visible()
    first_mark = page.locator(".policyscan-passage blockquote mark").first
    expect(first_mark).to_be_visible()

    # the marked words are the evidence stored for that decision
    card = page.locator(".policyscan-passage").first
    assignment = PassageGoal.objects.get(pk=int(card.get_attribute("id").split("-")[1]))
    terms = {e["text"] for e in assignment.evidence if e["kind"] == "term"}
    marked = set(card.locator("blockquote mark").all_inner_texts())
    assert marked and all(any(t in m for t in terms) for m in marked)

    card.get_by_role("button", name="Afwijzen").click()
    expect(page.get_by_text(f"Doel {assignment.goal_id} is afgewezen voor deze passage")).to_be_visible()
    expect(page.locator(f"#assignment-{assignment.pk}")).to_contain_text("Afgewezen door Lotte Jansen")
    assignment.refresh_from_db()
    assert assignment.verdict == "rejected" and assignment.verdict_by == member
    axe_clean(f"/werkruimte/{slug}/beleidsscan/{document.pk}/", "policyscan-result")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/{document.pk}/doelen/{assignment.goal_id}/", "policyscan-goal")


def test_proposal_paragraph_compare_and_timeline(page, login_as, axe_clean):
    member = login_as(UserFactory())
    slug = member.municipality.slug
    axe_clean(f"/werkruimte/{slug}/beleidsscan/raadsvoorstel/", "policyscan-proposal-new")
    page.goto(f"/werkruimte/{slug}/beleidsscan/raadsvoorstel/")
    page.get_by_label("Titel van het voorstel").fill("Raadsvoorstel zonnepanelen")
    page.get_by_label("Tekst van het conceptvoorstel").fill("\n\n".join(DOC))
    page.get_by_role("button", name="Schrijf de paragraaf").click()
    paragraph = page.get_by_label("SDG-paragraaf")
    expect(paragraph).to_contain_text("Dit voorstel draagt bij aan")
    paragraph.fill("Dit voorstel draagt bij aan doel 7 (betaalbare en duurzame energie).")
    page.get_by_role("button", name="Paragraaf opslaan").click()
    expect(page.get_by_text("De paragraaf is opgeslagen.")).to_be_visible()
    proposal = Document.objects.get(kind="proposal")
    assert proposal.paragraph.startswith("Dit voorstel draagt bij aan doel 7")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/{proposal.pk}/paragraaf/", "policyscan-paragraph")

    services.document_paste(
        municipality=member.municipality, user=member, text=files.ENERGY + "\n\n" + files.ENERGY, title="Klimaatvisie 2022", kind="policy", year=2022
    )
    assert Scan.objects.filter(status="done").count() == 2
    page.goto(f"/werkruimte/{slug}/beleidsscan/vergelijken/")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("table")).to_contain_text("Klimaatvisie 2022 (2022)")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/vergelijken/", "policyscan-compare")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/tijdlijn/", "policyscan-timeline")
    axe_clean(f"/werkruimte/{slug}/beleidsscan/", "policyscan-dashboard")
