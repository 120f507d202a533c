"""The demo: Utrecht's coalition agreement "Samen verder 2026-2030" as a real multi-page PDF (with
two-column pages and a table), scanned; the 2022 agreement and a council proposal with its SDG
paragraph; idempotent."""

import pytest

from apps.accounts.models import Role
from apps.core.demo import DEMO_MEMBER
from apps.policyscan.demo import TITLE, demo_pdf, load_demo
from apps.policyscan.extraction import extract
from apps.policyscan.models import Document, PassageGoal
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def test_demo_document_is_a_real_pdf_read_in_order():
    blocks, pages = extract(demo_pdf(), "pdf")
    assert pages >= 4
    texts = [b.text for b in blocks]
    assert texts[0].startswith("Samen verder 2026-2030")
    headings = [t.split("\n")[0] for t in texts if t[:2].rstrip(".").isdigit()]
    assert headings == sorted(headings, key=lambda h: int(h.split(".")[0]))  # chapters in reading order, across the columns
    assert any(b.kind == "table" and "Klimaat en energie | 12,0" in b.text for b in blocks)
    assert not any("— 2" in t for t in texts)  # the running footer is dropped


def test_load_demo_scans_the_documents_and_is_idempotent():
    utrecht = municipality("GM0344")
    MembershipFactory(municipality=utrecht)
    member = UserFactory(email=DEMO_MEMBER, municipality=utrecht, role=Role.MEMBER)
    result = load_demo(password="x")
    assert result["documents"] == 3
    agreement = Document.objects.get(municipality=utrecht, title=TITLE)
    scan = agreement.scans.get()
    assert scan.status == "done" and agreement.pages >= 4
    found = {int(n) for n, e in scan.profile["goals"].items() if e["passages"]}
    assert {1, 3, 4, 7, 11, 13} <= found
    assert PassageGoal.objects.filter(scan=scan, verdict_by=member).count() >= 3
    proposal = Document.objects.get(municipality=utrecht, kind="proposal")
    assert proposal.paragraph.startswith("Duurzaamheidsparagraaf") and "doel 7" in proposal.paragraph
    assert Document.objects.get(municipality=utrecht, year=2022).scans.get().status == "done"
    assert load_demo(password="x")["documents"] == 0
    assert Document.objects.filter(municipality=utrecht).count() == 3
