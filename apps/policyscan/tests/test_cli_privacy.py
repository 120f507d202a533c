"""The scan command (inline with the ImmediateBackend of the tests) and the privacy hooks."""

import json

import pytest
from django.core.management import call_command

from apps.policyscan import privacy, services
from apps.policyscan.models import Document, PassageGoal

from . import files
from .conftest import DUTCH_DOC

pytestmark = pytest.mark.django_db


def test_scan_command_prints_profiles_and_writes_json(tmp_path, capsys):
    good = tmp_path / "akkoord.pdf"
    good.write_bytes(files.simple_pdf(DUTCH_DOC, pages=2))
    scanned = tmp_path / "gescand.pdf"
    scanned.write_bytes(files.scanned_pdf())
    wrong = tmp_path / "foto.txt"
    wrong.write_bytes(b"%PDF-1.4 not text")
    out = tmp_path / "out.json"
    call_command("scan", str(good), str(scanned), str(wrong), "--json", str(out))
    printed = capsys.readouterr().out
    assert "akkoord.pdf: done" in printed and "Climate action" in printed and "not touched:" in printed
    assert "gescand.pdf: failed" in printed and "geen tekstlaag" in printed  # messages in the site language
    assert "foto.txt: refused" in printed
    data = json.loads(out.read_text())
    first = data["documents"][0]
    assert first["status"] == "done" and first["pages"] == 2 and first["passages"] == 6
    assert first["goals"]["13"]["passages"] == 2 and first["goals"]["13"]["examples"][0]["page"] in (1, 2)
    assert first["goals"]["13"]["examples"][0]["terms"]
    assert data["documents"][1]["status"] == "failed" and data["documents"][2]["status"] == "refused"
    assert not Document.objects.exists()  # scans without a municipality are not kept unless --keep


def test_scan_command_for_a_municipality_keeps_the_documents(tmp_path, member, django_capture_on_commit_callbacks):
    path = tmp_path / "notitie.txt"
    path.write_text("\n\n".join(DUTCH_DOC), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):  # the queued task finds the scan done
        call_command("scan", str(path), "--municipality", member.municipality.slug, "--year", "2024", "--json", "-")
    document = Document.objects.get()
    assert document.municipality == member.municipality and document.year == 2024 and document.scans.get().status == "done"


def test_privacy_export_and_anonymise(paste, member):
    document = paste("\n\n".join(DUTCH_DOC), title="Notitie")
    assignment = PassageGoal.objects.filter(scan__document=document).first()
    services.assignment_correct(municipality=member.municipality, user=member, assignment=assignment, verdict="confirmed")
    data = privacy.export(member)
    assert data["documents_uploaded"][0]["title"] == "Notitie"
    assert data["corrections"][0]["goal"] == assignment.goal_id
    json.dumps(data)
    privacy.anonymise(member)
    assignment.refresh_from_db()
    document.refresh_from_db()
    assert assignment.verdict == "confirmed" and assignment.verdict_by is None and document.uploaded_by is None
