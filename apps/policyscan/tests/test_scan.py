"""The scan as a background task: every format end to end, every bad input ending as a clear message
on the document, and a worker killed halfway leaving a resumable scan."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.policyscan import services
from apps.policyscan.classifier import classify as real_classify
from apps.policyscan.models import Passage, PassageGoal, Scan
from apps.policyscan.selectors import highlight

from . import files
from .conftest import DUTCH_DOC

pytestmark = pytest.mark.django_db


def goals_of(document):
    scan = document.scans.get()
    return {int(n) for n, e in scan.profile["goals"].items() if e["passages"]}


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("akkoord.pdf", lambda: files.simple_pdf(DUTCH_DOC)),
        ("akkoord.docx", lambda: files.docx(DUTCH_DOC)),
        ("akkoord.odt", lambda: files.odt(DUTCH_DOC)),
        ("akkoord.html", lambda: ("<html><body>" + "".join(f"<p>{p}</p>" for p in DUTCH_DOC) + "</body></html>").encode()),
        ("akkoord.txt", lambda: "\n\n".join(DUTCH_DOC).encode()),
    ],
)
def test_every_format_is_scanned_end_to_end(upload, name, make):
    document = upload(name, make())
    scan = document.scans.get()
    assert scan.status == Scan.Status.DONE, scan.error_code
    assert scan.language == "nl"
    assert scan.passages_total == scan.passages_done == 3
    assert list(scan.passages.order_by("index").values_list("text", flat=True)) == DUTCH_DOC
    assert {7, 13, 1, 11} <= goals_of(document)
    expected = {g.goal for result in real_classify(DUTCH_DOC, language="nl") for g in result}
    assert goals_of(document) == expected


def test_the_stored_evidence_is_what_the_classifier_decided_and_the_marks_show_it(upload):
    document = upload("akkoord.txt", "\n\n".join(DUTCH_DOC).encode())
    scan = document.scans.get()
    decided = real_classify(DUTCH_DOC, language="nl")
    for passage in scan.passages.order_by("index"):
        stored = {a.goal_id: a for a in passage.goals.all()}
        assert set(stored) == {g.goal for g in decided[passage.index]}
        for goal in decided[passage.index]:
            assignment = stored[goal.goal]
            assert assignment.score == pytest.approx(goal.score, abs=1e-4)
            terms = [e for e in assignment.evidence if e["kind"] == "term"]
            assert [(e["start"], e["end"]) for e in terms] == [(e.start, e.end) for e in goal.evidence if e.kind == "term"]
            for e in terms:
                assert passage.text[e["start"] : e["end"]] == e["text"]
            html = str(highlight(passage.text, assignment.evidence))
            marked = html.count("<mark>")
            assert 1 <= marked <= len(terms)
            for e in terms:
                assert f"{e['text']}</mark>" in html or e["text"] in html


def test_highlight_escapes_and_merges_overlaps():
    evidence = [
        {"kind": "term", "text": "zonne", "start": 4, "end": 9},
        {"kind": "term", "text": "zonnepanelen", "start": 4, "end": 16},
        {"kind": "target", "text": "7.2", "start": None, "end": None},
    ]
    assert str(highlight("<b> zonnepanelen & meer", evidence)) == "&lt;b&gt; <mark>zonnepanelen</mark> &amp; meer"


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("versleuteld.pdf", files.encrypted_pdf, "encrypted"),
        ("kapot.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "corrupt"),
        ("gescand.pdf", files.scanned_pdf, "no_text_layer"),
        ("frans.txt", lambda: files.FRENCH.encode(), "language"),
        ("leeg.html", lambda: b"<html><body><script>x</script></body></html>", "no_text"),
    ],
)
def test_bad_documents_end_with_a_clear_message_and_the_worker_goes_on(upload, name, make, code):
    document = upload(name, make())
    scan = document.scans.get()
    assert scan.status == Scan.Status.FAILED
    assert scan.error_code == code
    assert services.error_message(code) != services.error_message("internal")
    # the next document is scanned as usual
    ok = upload("goed.txt", "\n\n".join(DUTCH_DOC).encode())
    assert ok.scans.get().status == Scan.Status.DONE


def test_a_zip_bomb_is_refused_at_upload_before_any_parsing():
    """The ZIP guard of every ZIP-based upload (apps.core.tabular.zip_guard) refuses it at once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.exceptions import ServiceError

    with pytest.raises(ServiceError) as refused:
        services.upload_check(SimpleUploadedFile("bom.docx", files.zip_bomb_docx()))
    assert "gecomprimeerd" in str(refused.value.message) or "compressed" in str(refused.value.message)


def test_the_scanned_pdf_message_says_what_to_do(upload):
    document = upload("gescand.pdf", files.scanned_pdf())
    from django.utils import translation

    with translation.override("en"):
        assert (
            services.error_message(document.scans.get().error_code)
            == "This PDF contains no text layer (it consists of scanned pages); OCR is not supported — upload a text PDF."
        )
    with translation.override("nl"):
        assert "tekstlaag" in services.error_message("no_text_layer")


def test_an_unexpected_error_fails_the_scan_without_stopping_the_worker(paste, monkeypatch):
    def broken(texts, language=None):
        raise RuntimeError("boom")

    document = paste("\n\n".join(DUTCH_DOC))
    scan = document.scans.get()
    Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.QUEUED, passages_done=0)
    result = services.scan_run(scan_id=scan.pk, classify=broken)
    assert result.status == Scan.Status.FAILED and result.error_code == "internal"


@pytest.mark.parametrize("name", ["leeg.pdf", "leeg.txt"])
def test_a_zero_byte_upload_is_refused(member, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.exceptions import ServiceError

    with pytest.raises(ServiceError) as error:
        services.document_upload(
            municipality=member.municipality, user=member, upload=SimpleUploadedFile(name, b""), title="", kind="policy", year=2026
        )
    assert "0 bytes" in error.value.message


class Killed(BaseException):
    """What the worker's death looks like from inside: nothing after it runs."""


def test_a_worker_killed_halfway_leaves_a_resumable_scan_that_continues_from_the_last_chunk(member, django_capture_on_commit_callbacks):
    texts = [f"{DUTCH_DOC[i % 3]} (punt {i})" for i in range(10)]
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_paste(
            municipality=member.municipality, user=member, text="\n\n".join(texts), title="Lang stuk", kind="policy", year=2026
        )
    scan = document.scans.get()
    seen = []

    def dies_in_the_third_chunk(batch, language=None):
        seen.append(len(batch))
        if len(seen) == 3:
            raise Killed
        return real_classify(batch, language=language)

    with pytest.raises(Killed):
        services.scan_run(scan_id=scan.pk, classify=dies_in_the_third_chunk, chunk=3)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.RUNNING and scan.passages_done == 6 and scan.passages_total == 10
    assert PassageGoal.objects.filter(scan=scan, passage__index__gte=6).count() == 0
    assert not services.scan_is_stale(scan)
    assert services.scan_sweep() == 0  # still has a fresh heartbeat

    Scan.objects.filter(pk=scan.pk).update(heartbeat=timezone.now() - dt.timedelta(minutes=services.STALE_MINUTES + 1))
    scan.refresh_from_db()
    assert services.scan_is_stale(scan)
    assert services.scan_sweep() == 1
    scan.refresh_from_db()
    assert scan.status == Scan.Status.INTERRUPTED

    resumed = []

    def counting(batch, language=None):
        resumed.append(list(batch))
        return real_classify(batch, language=language)

    # the resume button enqueues the task; run it here with the counting classifier
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.scan_resume(municipality=member.municipality, scan=scan)
    assert len(callbacks) == 1
    assert Scan.objects.get(pk=scan.pk).status == Scan.Status.QUEUED
    services.scan_run(scan_id=scan.pk, classify=counting, chunk=3)
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DONE and scan.attempts == 2
    assert [len(b) for b in resumed] == [3, 1]  # only passages 7-10 were classified again
    assert Passage.objects.filter(scan=scan).count() == 10  # extracted once
    expected = real_classify(texts, language="nl")
    stored = sorted(PassageGoal.objects.filter(scan=scan).values_list("passage__index", "goal_id"))
    assert stored == sorted((i, g.goal) for i, result in enumerate(expected) for g in result)


def test_resume_refuses_a_scan_that_is_not_interrupted(paste):
    from apps.core.exceptions import ServiceError

    document = paste("\n\n".join(DUTCH_DOC))
    with pytest.raises(ServiceError):
        services.scan_resume(municipality=document.municipality, scan=document.scans.get())


def test_a_second_run_of_a_finished_scan_changes_nothing(paste):
    document = paste("\n\n".join(DUTCH_DOC))
    scan = document.scans.get()
    before = list(PassageGoal.objects.filter(scan=scan).values_list("pk", flat=True))
    services.scan_run(scan_id=scan.pk)
    assert list(PassageGoal.objects.filter(scan=scan).values_list("pk", flat=True)) == before


def test_sweep_command(paste):
    from django.core.management import call_command

    document = paste("\n\n".join(DUTCH_DOC))
    Scan.objects.filter(document=document).update(status=Scan.Status.RUNNING, heartbeat=timezone.now() - dt.timedelta(hours=1))
    call_command("policyscan_sweep")
    assert document.scans.get().status == Scan.Status.INTERRUPTED


def test_corrections_count_in_the_profile_and_keep_who_and_when(paste, member):
    document = paste("\n\n".join(DUTCH_DOC))
    scan = document.scans.get()
    assignment = PassageGoal.objects.filter(scan=scan, goal_id=7).first()
    before = scan.profile["goals"]["7"]["passages"]
    services.assignment_correct(municipality=member.municipality, user=member, assignment=assignment, verdict="rejected")
    scan.refresh_from_db()
    assert scan.profile["goals"]["7"]["passages"] == before - 1
    assert scan.profile["goals"]["7"]["rejected"] == 1
    assignment.refresh_from_db()
    assert assignment.verdict_by == member and assignment.verdict_at is not None
    services.assignment_correct(municipality=member.municipality, user=member, assignment=assignment, verdict="confirmed")
    scan.refresh_from_db()
    assert scan.profile["goals"]["7"] == {**scan.profile["goals"]["7"], "passages": before, "confirmed": 1, "rejected": 0}
    assert assignment.history.count() == 2  # each correction is a history record (who, when)


def test_another_municipality_cannot_correct(paste):
    from apps.core.exceptions import ServiceError
    from tests.factories import UserFactory

    document = paste("\n\n".join(DUTCH_DOC))
    other = UserFactory()
    with pytest.raises(ServiceError):
        services.assignment_correct(
            municipality=other.municipality, user=other, assignment=PassageGoal.objects.filter(scan__document=document).first(), verdict="rejected"
        )


def test_tables_and_contents_are_kept_but_not_classified(upload):
    data = files.pdf(
        "<h1>Inhoudsopgave</h1>"
        + "".join(
            f"<p>{n}. {title} {'.' * 40} {n + 2}</p>" for n, title in enumerate(["Klimaat en energie", "Armoede en schulden", "Wonen"], start=1)
        )
        + f"<p style='break-before: page'>{files.ENERGY}</p>"
        + "<table><tr><td>Taakveld</td><td>Bedrag</td></tr><tr><td>Energietransitie en klimaatadaptatie</td><td>12,4 miljoen</td></tr>"
        "<tr><td>Schuldhulpverlening en armoedebestrijding</td><td>3,1 miljoen</td></tr></table>"
    )
    document = upload("begroting.pdf", data)
    scan = document.scans.get()
    assert scan.status == Scan.Status.DONE, scan.error_code
    kinds = dict(Passage.objects.filter(scan=scan).values_list("kind", "text"))
    assert set(kinds) == {"toc", "paragraph", "table"}
    assert not PassageGoal.objects.filter(scan=scan, passage__kind__in=["toc", "table"]).exists()
    assert PassageGoal.objects.filter(scan=scan, passage__kind="paragraph", goal_id=7).exists()
