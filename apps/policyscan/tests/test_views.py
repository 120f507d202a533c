"""The workspace pages: upload (size and content checks, before and after reading the body),
progress, result with evidence, corrections, exports, compare, timeline, SDG paragraph; query
counts that stay constant as data grows."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.policyscan import services
from apps.policyscan.extraction import MAX_BYTES
from apps.policyscan.models import Document, PassageGoal, Scan
from tests.factories import AccessGrantFactory, UserFactory

from . import files
from .conftest import DUTCH_DOC

pytestmark = pytest.mark.django_db


def url(name, municipality, **kwargs):
    return reverse(f"policyscan_workspace:{name}", kwargs={"slug": municipality.slug, **kwargs})


@pytest.fixture
def logged_in(client, member):
    client.force_login(member)
    return client


def test_upload_a_file_runs_the_scan_and_shows_the_result(logged_in, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            url("document_new", member.municipality),
            {"file": SimpleUploadedFile("akkoord.docx", files.docx(DUTCH_DOC)), "title": "", "kind": "coalition", "year": 2026},
        )
    document = Document.objects.get(municipality=member.municipality)
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.title == "akkoord" and document.file.name.endswith(".docx")
    page = logged_in.get(document.get_absolute_url()).content.decode()
    assert "Profiel over de 17 doelen" in page
    assert "<svg" in page and "<table" in page
    assert "<mark>" in page
    assert "Doelen die het document niet raakt" in page


def test_paste_text(logged_in, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            url("document_new", member.municipality), {"text": "\n\n".join(DUTCH_DOC), "title": "Notitie", "kind": "policy", "year": 2025}
        )
    assert response.status_code == 302
    assert Document.objects.get().scans.get().status == Scan.Status.DONE


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"title": "x", "kind": "policy", "year": 2026}, "Kies een bestand of plak de tekst."),
        ({"file": SimpleUploadedFile("leeg.pdf", b""), "kind": "policy", "year": 2026}, "leeg"),
        ({"file": SimpleUploadedFile("virus.exe", b"MZ\x90"), "kind": "policy", "year": 2026}, "Dit soort bestand"),
        ({"file": SimpleUploadedFile("nep.pdf", b"PK\x03\x04xx"), "kind": "policy", "year": 2026}, "komt niet overeen"),
    ],
)
def test_upload_refusals_are_clear_and_nothing_is_stored(logged_in, member, data, expected):
    response = logged_in.post(url("document_new", member.municipality), data)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Document.objects.exists()


def test_a_200_mb_upload_is_refused_from_its_length_before_the_body_is_read(logged_in, member):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = logged_in.generic(
        "POST",
        url("document_new", member.municipality),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "groter dan 50 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_without_honest_length_is_cut_off_while_it_streams(logged_in, member, settings):
    from apps.policyscan import workspace_views

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    limit = 64 * 1024
    original = workspace_views.MAX_BYTES
    workspace_views.MAX_BYTES = limit
    workspace_views.UPLOAD_SLACK = 0
    try:
        response = logged_in.post(
            url("document_new", member.municipality), {"file": SimpleUploadedFile("groot.txt", b"a" * (limit * 3)), "kind": "policy", "year": 2026}
        )
    finally:
        workspace_views.MAX_BYTES = original
        workspace_views.UPLOAD_SLACK = 1024 * 1024
    assert response.status_code == 413
    assert not Document.objects.exists()


def test_upload_still_checks_csrf(client, member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    response = csrf_client.post(url("document_new", member.municipality), {"text": "x", "title": "x", "kind": "policy", "year": 2026})
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_service_limit_is_50_mb():
    assert MAX_BYTES == 50 * 1024 * 1024


def test_progress_fragment_and_plain_link_fallback(logged_in, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_paste(
            municipality=member.municipality, user=member, text="\n\n".join(DUTCH_DOC), title="Wacht", kind="policy", year=2026
        )
    page = logged_in.get(document.get_absolute_url()).content.decode()
    assert "wacht op een vrije verwerker" in page and 'hx-trigger="every 2s"' in page
    assert logged_in.get(url("progress", member.municipality, pk=document.pk)).status_code == 302
    fragment = logged_in.get(url("progress", member.municipality, pk=document.pk), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="scan-progress"') and "hx-get" in fragment
    services.scan_run(scan_id=document.scans.get().pk)
    fragment = logged_in.get(url("progress", member.municipality, pk=document.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in fragment and "Toon het resultaat" in fragment


def test_interrupted_scan_shows_resume_button_and_resumes(logged_in, member, paste, django_capture_on_commit_callbacks):
    document = paste("\n\n".join(DUTCH_DOC))
    scan = document.scans.get()
    Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.INTERRUPTED, passages_done=1)
    PassageGoal.objects.filter(scan=scan, passage__index__gte=1).delete()
    page = logged_in.get(document.get_absolute_url()).content.decode()
    assert "De scan is onderbroken" in page and "Hervat de scan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url("resume", member.municipality, pk=document.pk))
    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DONE and PassageGoal.objects.filter(scan=scan, passage__index__gte=1).exists()


def test_failed_scan_shows_its_message(logged_in, member, upload):
    document = upload("frans.txt", files.FRENCH.encode())
    page = logged_in.get(document.get_absolute_url()).content.decode()
    assert "niet in het Nederlands of Engels" in page


def test_correction_through_the_page(logged_in, member, paste):
    document = paste("\n\n".join(DUTCH_DOC))
    assignment = PassageGoal.objects.filter(scan__document=document, goal_id=1).first()
    response = logged_in.post(
        url("correct", member.municipality, pk=document.pk, assignment=assignment.pk), {"verdict": "rejected", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"{document.get_absolute_url()}#assignment-{assignment.pk}"
    assignment.refresh_from_db()
    assert assignment.verdict == "rejected" and assignment.verdict_by == member
    page = logged_in.get(document.get_absolute_url()).content.decode()
    assert "Afgewezen" in page and member.full_name in page
    rows = list(csv.reader(io.StringIO(logged_in.get(url("csv", member.municipality, pk=document.pk)).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "document"
    rejected = [r for r in rows[1:] if r[3] == "1"]
    assert rejected[0][7] == "Afgewezen" and rejected[0][8] == member.full_name
    assert all(r[10] for r in rows[1:])


def test_a_coach_may_look_but_not_correct(client, paste):
    document = paste("\n\n".join(DUTCH_DOC))
    grant = AccessGrantFactory(municipality=document.municipality)
    client.force_login(grant.user)
    assert client.get(document.get_absolute_url()).status_code == 200
    assignment = PassageGoal.objects.filter(scan__document=document).first()
    assert client.post(url("correct", document.municipality, pk=document.pk, assignment=assignment.pk), {"verdict": "rejected"}).status_code == 403
    assert client.post(url("paragraph", document.municipality, pk=document.pk), {"paragraph": "x"}).status_code == 403


def test_another_municipality_cannot_open_a_document(client, paste):
    document = paste("\n\n".join(DUTCH_DOC))
    other = UserFactory()
    client.force_login(other)
    assert client.get(url("document", other.municipality, pk=document.pk)).status_code == 404


def test_goal_page_lists_every_passage_of_the_goal(logged_in, member, paste):
    document = paste("\n\n".join([files.ENERGY] * 5 + [files.POVERTY]))
    page = logged_in.get(url("goal", member.municipality, pk=document.pk, goal=7)).content.decode()
    assert page.count('class="card policyscan-passage"') == 5
    assert logged_in.get(url("goal", member.municipality, pk=document.pk, goal=99)).status_code == 404


def test_report_is_made_in_the_background(logged_in, member, paste, django_capture_on_commit_callbacks):
    document = paste("\n\n".join(DUTCH_DOC))
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(url("report_request", member.municipality, pk=document.pk))
    scan = document.scans.get()
    assert scan.report_status == "ready"
    response = logged_in.get(url("report", member.municipality, pk=document.pk))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "Profiel over de 17 doelen" in text


def test_sdg_paragraph_for_a_proposal(logged_in, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url("proposal_new", member.municipality), {"title": "Raadsvoorstel zonnepanelen", "text": "\n\n".join(DUTCH_DOC)})
    document = Document.objects.get(kind="proposal")
    assert response["Location"] == url("paragraph", member.municipality, pk=document.pk)
    page = logged_in.get(response["Location"]).content.decode()
    scan = document.scans.get()
    nl = services.paragraph_generate(scan=scan, language="nl")
    assert nl.startswith("Duurzaamheidsparagraaf (Global Goals)") and "doel 7 (" in nl and "Dit blijkt uit" in nl
    assert nl == services.paragraph_generate(scan=scan, language="nl")  # deterministic
    en = services.paragraph_generate(scan=scan, language="en")
    assert "This proposal contributes to" in en and "goal 7 (" in en
    from django.utils.html import escape

    assert escape(nl.splitlines()[2]) in page
    logged_in.post(response["Location"], {"paragraph": "Onze eigen tekst over doel 7."})
    document.refresh_from_db()
    assert document.paragraph == "Onze eigen tekst over doel 7."
    assert "Onze eigen tekst over doel 7." in logged_in.get(response["Location"]).content.decode()


def test_paragraph_without_goals(paste):
    document = paste("De vergadering begint om acht uur in de raadszaal. Koffie en thee staan klaar voor iedereen die komt.")
    assert "niet aantoonbaar bij" in services.paragraph_generate(scan=document.scans.get(), language="nl")


def test_compare_and_timeline(logged_in, member, paste):
    first = paste("\n\n".join([files.ENERGY, files.ENERGY]), title="Klimaatvisie", year=2022)
    second = paste("\n\n".join([files.POVERTY, files.HOUSING]), title="Coalitieakkoord", year=2026)
    a, b = first.scans.get(), second.scans.get()
    page = logged_in.get(url("compare", member.municipality), {"a": a.pk, "b": b.pk}).content.decode()
    assert "Klimaatvisie (2022)" in page and "Coalitieakkoord (2026)" in page
    rows = services.compare_rows(a, b, list(__import__("apps.goals.models", fromlist=["Goal"]).Goal.objects.all()))
    assert rows[6]["a"]["passages"] == 2 and rows[6]["b"]["passages"] == 0 and rows[6]["difference"] == -100
    assert logged_in.get(url("compare", member.municipality), {"a": a.pk, "b": 99999}).status_code == 200
    timeline = logged_in.get(url("timeline", member.municipality)).content.decode()
    assert timeline.index("2022") < timeline.index("2026") and "Klimaatvisie" in timeline


def test_delete_a_document(logged_in, member, upload):
    document = upload("akkoord.txt", "\n\n".join(DUTCH_DOC).encode())
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    logged_in.post(url("delete", member.municipality, pk=document.pk))
    assert not Document.objects.exists() and not storage.exists(name)


def test_pages_keep_their_query_count_as_data_grows(logged_in, member, paste, django_assert_max_num_queries):
    def measure():
        document = Document.objects.filter(municipality=member.municipality).latest("created_at")
        counts = {}
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for name, target in [
            ("document", document.get_absolute_url()),
            ("goal", url("goal", member.municipality, pk=document.pk, goal=7)),
            ("dashboard", url("dashboard", member.municipality)),
            ("timeline", url("timeline", member.municipality)),
            ("csv", url("csv", member.municipality, pk=document.pk)),
        ]:
            with CaptureQueriesContext(connection) as ctx:
                assert logged_in.get(target).status_code == 200
            counts[name] = len(ctx.captured_queries)
        return counts

    paste("\n\n".join(DUTCH_DOC))
    small = measure()
    for _ in range(3):
        paste("\n\n".join(DUTCH_DOC * 8))
    large = measure()
    assert small == large


def test_selectors_for_other_apps(paste, member, django_assert_max_num_queries):
    from apps.policyscan.selectors import goal_documents, municipality_scan_summary

    paste("\n\n".join([files.ENERGY, files.ENERGY, files.POVERTY]), title="Klimaat", year=2024)
    paste(files.POVERTY, title="Armoede", year=2026)
    assert goal_documents(municipality=member.municipality, goal=1) == [] and municipality_scan_summary(municipality=member.municipality) == []
    assert len(goal_documents(municipality=member.municipality, goal=1, include_private=True)) == 2  # private until published
    Document.objects.filter(municipality=member.municipality).update(published=True)
    with django_assert_max_num_queries(3):
        docs = goal_documents(municipality=member.municipality, goal=1)
    assert [d["title"] for d in docs] == ["Armoede", "Klimaat"] or [d["title"] for d in docs] == ["Klimaat", "Armoede"]
    assert all(0 < d["score"] <= 1 and d["url"].startswith("/werkruimte/") for d in docs)
    assert [d["title"] for d in goal_documents(municipality=member.municipality, goal=7)] == ["Klimaat"]
    with django_assert_max_num_queries(3):
        summary = municipality_scan_summary(municipality=member.municipality)
    assert [s["title"] for s in summary] == ["Armoede", "Klimaat"]
    assert 7 in summary[1]["goals"] and 1 in summary[0]["goals"]
    assert set(summary[0]) >= {"title", "url", "date", "goals"}


def test_profile_and_workspace_sections(client, member, paste):
    document = paste("\n\n".join(DUTCH_DOC), title="Samen verder")
    PassageGoal.objects.filter(scan__document=document).first()
    services.assignment_correct(
        municipality=member.municipality, user=member, assignment=PassageGoal.objects.filter(scan__document=document).first(), verdict="confirmed"
    )
    client.force_login(member)
    home = client.get(reverse("workspace:home", kwargs={"slug": member.municipality.slug})).content.decode()
    assert url("dashboard", member.municipality) in home
    profile_url = member.municipality.get_absolute_url() if hasattr(member.municipality, "get_absolute_url") else "/"
    assert "Samen verder" not in client.get(profile_url).content.decode()  # private until published
    services.document_set_published(municipality=member.municipality, document=document, published=True)
    profile = client.get(profile_url).content.decode()
    assert "Samen verder" in profile
    assert "1 bevindingen bevestigd" in profile


def test_paragraph_quotes_each_passage_once(paste):
    # one passage that carries several goals (energy poverty: goals 1 and 7) is quoted once, for all of them
    text = (
        "Huishoudens met een laag inkomen en problematische schulden krijgen een energiecoach, gratis isolatie en zonnepanelen, "
        "zodat armoede afneemt en de uitstoot van broeikasgassen daalt."
    )
    scan = paste(text).scans.get()
    nl = services.paragraph_generate(scan=scan, language="nl")
    quotes = [line for line in nl.splitlines() if line.startswith("- ")]
    assert len(quotes) == 1 and quotes[0].startswith("- Doelen "), nl
    assert nl.count("energiecoach") == 1
