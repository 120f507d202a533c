"""Demo Beleidsscan for Utrecht (GM0344): the coalition agreement "Samen verder 2026-2030" (written
for the demo, apps/policyscan/demo/), typeset as a real PDF of several pages (some in two columns,
with a table) and scanned; the previous agreement (2022) as plain text for the comparison and
timeline; a council proposal with its SDG paragraph; a few corrections by the demo member."""

from __future__ import annotations

import html
from pathlib import Path

from django.core.files.base import ContentFile

from apps.accounts.models import User
from apps.core.demo import DEMO_MEMBER
from apps.municipalities.models import Municipality

from . import services
from .models import Document, PassageGoal

DATA = Path(__file__).parent / "demo"
TITLE = "Samen verder 2026-2030"
TWO_COLUMNS = ("3.", "4.", "5.", "6.")


def markdown_to_html(text: str) -> str:
    """The small subset the demo text uses: # and ## headings, paragraphs, | tables; the chapters
    named in TWO_COLUMNS are set in two columns."""
    out, table, in_columns = [], [], False

    def close_table():
        if table:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in row.strip("|").split("|")) + "</tr>" for row in table)
            out.append(f"<table>{rows}</table>")
            table.clear()

    for block in text.strip().split("\n\n"):
        block = block.strip()
        if block.startswith("|"):
            table.extend(block.splitlines())
            continue
        close_table()
        if block.startswith("## "):
            heading = block[3:]
            columns = heading.startswith(TWO_COLUMNS)
            if in_columns and not columns:
                out.append("</div>")
                in_columns = False
            out.append(f"<h2>{html.escape(heading)}</h2>")
            if columns and not in_columns:
                out.append("<div class='columns'>")
                in_columns = True
        elif block.startswith("# "):
            out.append(f"<h1>{html.escape(block[2:])}</h1>")
        else:
            out.append(f"<p>{html.escape(' '.join(block.split()))}</p>")
    close_table()
    if in_columns:
        out.append("</div>")
    return "\n".join(out)


def demo_pdf() -> bytes:
    from weasyprint import HTML

    body = markdown_to_html((DATA / "samen-verder-2026-2030.md").read_text(encoding="utf-8"))
    css = """
      @page { size: A4; margin: 2.2cm 2cm; @bottom-center { content: "Samen verder 2026-2030 — " counter(page); font-size: 8pt; } }
      body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.45; hyphens: auto; }
      h1 { font-size: 24pt; margin-top: 6cm; } h2 { font-size: 13pt; margin-top: 1.2em; }
      h1 + h2 { font-size: 15pt; font-weight: normal; margin-bottom: 8cm; break-after: page; }
      .columns { columns: 2; column-gap: 1cm; } table { border-collapse: collapse; margin-top: 1em; }
      td { border-bottom: 0.5pt solid #777; padding: 3pt 12pt 3pt 0; }
    """
    return HTML(
        string=f"<html lang='nl'><head><meta charset='utf-8'><title>{TITLE}</title><style>{css}</style></head><body>{body}</body></html>"
    ).write_pdf()


def _scan_now(document: Document) -> None:
    """The demo loads before any worker runs: scan inline (the queued task then finds it done)."""
    scan = document.scans.order_by("-created_at").first()
    if scan is not None:
        services.scan_run(scan_id=scan.pk)


def load_demo(*, password: str) -> dict:
    utrecht = Municipality.objects.filter(cbs_code="GM0344").first()
    if utrecht is None:
        return {"documents": 0}
    member = User.objects.filter(email=DEMO_MEMBER).first()
    created = 0

    if not Document.objects.filter(municipality=utrecht, title=TITLE).exists():
        data = demo_pdf()
        document = Document(
            municipality=utrecht,
            uploaded_by=member,
            title=TITLE,
            kind=Document.Kind.COALITION,
            year=2026,
            format=Document.Format.PDF,
            original_name="samen-verder-2026-2030.pdf",
            size=len(data),
        )
        document.file.save("samen-verder-2026-2030.pdf", ContentFile(data), save=False)
        document.save()
        services.scan_start(document=document)
        _scan_now(document)
        created += 1
        # the demo member has checked a few findings
        if member:
            for goal, verdict in ((1, "confirmed"), (7, "confirmed"), (13, "confirmed"), (17, "rejected")):
                assignment = PassageGoal.objects.filter(scan__document=document, goal_id=goal).order_by("-score").first()
                if assignment:
                    services.assignment_correct(municipality=utrecht, user=member, assignment=assignment, verdict=verdict)

    old_title = "Utrecht: een stad van iedereen (coalitieakkoord 2022-2026)"
    if not Document.objects.filter(municipality=utrecht, title=old_title).exists():
        data = (DATA / "coalitieakkoord-2022-2026.txt").read_bytes()
        document = Document(
            municipality=utrecht,
            uploaded_by=member,
            title=old_title,
            kind=Document.Kind.COALITION,
            year=2022,
            format=Document.Format.TEXT,
            original_name="coalitieakkoord-2022-2026.txt",
            size=len(data),
        )
        document.file.save("coalitieakkoord-2022-2026.txt", ContentFile(data), save=False)
        document.save()
        services.scan_start(document=document)
        _scan_now(document)
        created += 1

    proposal_title = "Raadsvoorstel zonnepanelen en isolatie maatschappelijk vastgoed"
    if not Document.objects.filter(municipality=utrecht, title=proposal_title).exists():
        document = services.document_paste(
            municipality=utrecht,
            user=member,
            text=(DATA / "raadsvoorstel-zonnepanelen.txt").read_text(encoding="utf-8"),
            title=proposal_title,
            kind=Document.Kind.PROPOSAL,
            year=2026,
        )
        _scan_now(document)
        scan = document.scans.get()
        services.paragraph_save(municipality=utrecht, document=document, text=services.paragraph_generate(scan=scan, language="nl"))
        created += 1
    return {"documents": created, "scans": Document.objects.filter(municipality=utrecht).count()}
