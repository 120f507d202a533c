import io

import pytest
from pypdf import PdfReader

from apps.core.pdf import ResourceRefused, _fetch, html_to_pdf


def test_html_becomes_a_tagged_pdf_with_text_and_title():
    pdf = html_to_pdf('<html lang="nl"><head><title>Handreiking</title></head><body><h1>Gemeente Súdwest-Fryslân</h1><p>Samen werken.</p></body></html>')
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Súdwest-Fryslân" in text and "Samen werken." in text
    assert reader.metadata.title == "Handreiking"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_resources_come_from_static_files_only():
    assert _fetch("static:css/app.css")["mime_type"] == "text/css"
    with pytest.raises(ResourceRefused):
        _fetch("https://example.org/tracker.png")
    with pytest.raises(ResourceRefused):
        _fetch("file:///etc/passwd")


def _font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_static_fonts_and_data_urls_are_loaded():
    """WeasyPrint 70 hands every resource, data: URLs included, to the fetcher: a static web font is
    embedded (not a system fallback) and a data: image renders."""
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    html = (
        '<html lang="nl"><head><title>t</title><style>@font-face { font-family: "Campaign"; '
        'src: url("static:vendor/fonts/noto-sans-latin-400-normal.woff2"); } body { font-family: "Campaign"; }</style></head>'
        f'<body><p>Samen werken aan de doelen.</p><img src="{pixel}" alt="punt"></body></html>'
    )
    pdf = html_to_pdf(html)
    assert any(name.endswith("+Campaign") for name in _font_names(pdf)), _font_names(pdf)  # the web font, subset
    reader = PdfReader(io.BytesIO(pdf))
    assert "Samen werken" in reader.pages[0].extract_text()
    assert reader.pages[0].images, "the data: image is drawn"


def test_a_refused_resource_does_not_stop_the_document():
    pdf = html_to_pdf('<html lang="nl"><head><title>t</title></head><body><p>Tekst</p><img src="https://example.org/x.png" alt="x"></body></html>')
    assert "Tekst" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
