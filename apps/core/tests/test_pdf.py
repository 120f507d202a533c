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
