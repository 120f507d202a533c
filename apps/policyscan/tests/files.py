"""Real documents of every format, generated for the tests (and the benchmark): PDFs typeset by
WeasyPrint, DOCX and ODT written as the XML in their ZIP containers."""

from __future__ import annotations

import html
import io
import zipfile

ENERGY = (
    "De gemeente wil in 2030 klimaatneutraal zijn. Daarom plaatsen we zonnepanelen op alle daken van "
    "scholen en sporthallen en helpen we huiseigenaren met isolatie en warmtepompen, zodat de uitstoot van "
    "broeikasgassen daalt en de energierekening betaalbaar blijft."
)
POVERTY = (
    "Steeds meer huishoudens leven in armoede of hebben problematische schulden. We breiden de "
    "schuldhulpverlening uit, verhogen de bijzondere bijstand en zorgen dat geen kind opgroeit zonder "
    "een warme maaltijd of een sportclub."
)
HOUSING = (
    "Er zijn te weinig betaalbare woningen. We bouwen tot 2030 zesduizend sociale huurwoningen en "
    "middenhuurwoningen, en we verbeteren de luchtkwaliteit en het groen in de wijken."
)
ENGLISH = (
    "The municipality will expand debt counselling and raise the supplementary benefits so that no "
    "household lives in poverty, and it will install solar panels on every school roof to cut greenhouse gas emissions."
)
FRENCH = (
    "La commune veut devenir neutre en carbone d'ici 2030. Nous installons des panneaux solaires sur les "
    "toits des écoles et nous aidons les habitants à isoler leurs maisons pour réduire la facture d'énergie. "
    "Les familles les plus pauvres recevront une aide supplémentaire pour payer leurs dettes."
)


def pdf(body_html: str, *, css: str = "") -> bytes:
    from weasyprint import HTML

    document = f"<html lang='nl'><head><meta charset='utf-8'><style>@page {{ size: A4; margin: 2cm }} body {{ font-family: sans-serif; font-size: 10pt }} td, th {{ padding: 1pt 6pt }} {css}</style></head><body>{body_html}</body></html>"
    return HTML(string=document).write_pdf()


def simple_pdf(paragraphs: list[str], *, pages: int = 1) -> bytes:
    parts = []
    for page in range(pages):
        style = " style='break-before: page'" if page else ""
        parts.append(f"<section{style}>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</section>")
    return pdf("".join(parts))


def two_column_pdf(left: str, right: str) -> bytes:
    """A page with a heading across the width, then two columns (left full, right full), then a table."""
    return pdf(
        "<h1>Coalitieakkoord</h1>"
        f"<div style='columns: 2; column-gap: 1.5cm'><p>{html.escape(left)}</p><p style='break-before: column'>{html.escape(right)}</p></div>"
        "<table><tr><td>Programma</td><td>Budget 2026</td></tr><tr><td>Energietransitie</td><td>12,4 miljoen</td></tr><tr><td>Schuldhulpverlening</td><td>3,1 miljoen</td></tr></table>",
    )


def hyphenated_pdf() -> bytes:
    """Dutch text in a narrow column with automatic hyphenation (WeasyPrint hyphenates at line ends)."""
    text = "duurzaamheidsmaatregelen klimaatadaptatie energietransitie schuldhulpverlening " * 6
    return pdf(
        f"<p lang='nl' style='width: 4.2cm; hyphens: auto'>{text}</p><p lang='nl' style='width: 3cm'>De ge-<br>meente werkt aan duur-<br>zaamheid.</p>"
    )


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf([ENERGY]))))
    writer.encrypt(user_password="geheim", owner_password="geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages holding only an image, as a scanner makes them: no text layer."""
    from PIL import Image

    image = Image.new("RGB", (400, 560), "white")
    for x in range(40, 360):
        for y in range(60, 70):
            image.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PDF", save_all=True, append_images=[image] * (pages - 1))
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragraphs: list[str], *, table: list[list[str]] | None = None, page_break_after: int | None = None) -> bytes:
    body = []
    for index, text in enumerate(paragraphs):
        body.append(f"<w:p><w:r><w:t xml:space='preserve'>{html.escape(text)}</w:t></w:r></w:p>")
        if page_break_after is not None and index == page_break_after:
            body.append("<w:p><w:r><w:br w:type='page'/></w:r></w:p>")
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{html.escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>" for row in table
        )
        body.append(f"<w:tbl>{rows}</w:tbl>")
    document = f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?><w:document xmlns:w='{W}'><w:body>{''.join(body)}</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            "<?xml version='1.0'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'><Default Extension='xml' ContentType='application/xml'/>"
            "<Override PartName='/word/document.xml' ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>",
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def odt(paragraphs: list[str], *, heading: str = "", table: list[list[str]] | None = None) -> bytes:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    body = f"<text:h text:outline-level='1'>{html.escape(heading)}</text:h>" if heading else ""
    body += "".join(f"<text:p>{html.escape(p)}</text:p>" for p in paragraphs)
    if table:
        body += (
            "<table:table>"
            + "".join(
                "<table:table-row>"
                + "".join(f"<table:table-cell><text:p>{html.escape(c)}</text:p></table:table-cell>" for c in row)
                + "</table:table-row>"
                for row in table
            )
            + "</table:table>"
        )
    content = f"<?xml version='1.0' encoding='UTF-8'?><office:document-content xmlns:office='{office_ns}' xmlns:text='{text_ns}' xmlns:table='{table_ns}'><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX whose document.xml inflates to 20 MB of zeros from about 20 kB (ratio 1000:1): refused from the ZIP directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(20):
                handle.write(chunk)
    return out.getvalue()


def word_like_pdf() -> bytes:
    """The problems issue 19 found in real municipal PDFs, in one small document (committed as
    tests/data/word_like.pdf; regenerate with ``python -m apps.policyscan.tests.files``): words
    written in several text runs as Word writes them at kerning and style changes ("wo" + "ningbouw",
    "S" + "ociaal"), hyphenated compounds mid-line and at line ends, a date and minus signs in runs,
    a running head and a "1 van 2" footer on every page, a table of contents with dot leaders, and a
    table whose cells wrap."""
    run = "<span class='r'>{}</span>".format
    body = (
        f"De gemeente wil meer {run('wo')}ningbouw voor starters. Het {run('S')}ociaal {run('T')}eam helpt inwoners met schulden, "
        f"en de {run('R')}aad besloot op 09{run('-')}09{run('-')}2025 tot een fonds voor Zonne{run('-')}energie op daken van scholen. "
        "We maken afspraken met woningcorporaties over betaalbare huur en over de verduurzaming van oude woningen."
    )
    narrow = "De raad wil meer zonne-<br>energie en meer woning-<br>bouw in Noord-<br>Holland; de auto-<br>onderdelen komen later."
    toc = "".join(
        f"<p class='toc'>{number}. {title} <span class='dots'>{'.' * 60}</span> {page}</p>"
        for number, title, page in ((1, "Inleiding", 2), (2, "Wonen en energie", 2), (3, "Sociaal domein", 2), (4, "Financiën", 2))
    )
    table = (
        "<table><tr><th>Taakveld</th><th>Omschrijving</th><th>Bedrag</th></tr>"
        "<tr><td>Wonen</td><td style='width: 6cm'>Startersleningen voor jonge huishoudens die hun eerste woning kopen in de gemeente</td><td>1.200</td></tr>"
        "<tr><td>Sociaal domein</td><td style='width: 6cm'>Schuldhulpverlening en bijzondere bijstand voor huishoudens met een laag inkomen</td><td>-</td></tr></table>"
    )
    css = (
        "@page { @top-center { content: 'Gemeente Voorbeeld · Raadsvoorstel wonen en energie'; font-size: 8pt } "
        "@bottom-center { content: counter(page) ' van ' counter(pages); font-size: 8pt } } "
        ".r { color: #010101 } .toc { margin: 0 } .dots { letter-spacing: 2pt } .narrow { width: 5cm }"
    )
    return pdf(
        f"<h1>Inhoudsopgave</h1>{toc}<h1 style='break-before: page'>Wonen en energie</h1><p>{body}</p><p>{body}</p>"
        f"<p class='narrow'>{narrow}</p>{table}",
        css=css,
    )


if __name__ == "__main__":
    from pathlib import Path

    target = Path(__file__).resolve().parent / "data" / "word_like.pdf"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(word_like_pdf())
    print(f"wrote {target}")
