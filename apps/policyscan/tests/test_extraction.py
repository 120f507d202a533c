"""Extraction on real generated files of every format: page numbers, columns in reading order,
hyphenation, tables kept whole, paragraph-sized passages; and every kind of bad input."""

import pytest

from apps.policyscan import extraction
from apps.policyscan.extraction import ExtractionError, extract, join_lines, sniff

from . import files

LEFT = files.ENERGY + " " + files.HOUSING
RIGHT = files.POVERTY + " " + files.POVERTY.replace("Steeds", "Ook nu")


def texts(blocks):
    return [b.text for b in blocks]


def test_pdf_keeps_page_numbers():
    blocks, pages = extract(files.simple_pdf([files.ENERGY, files.POVERTY], pages=3), "pdf")
    assert pages == 3
    assert [b.page for b in blocks] == [1, 1, 2, 2, 3, 3]
    assert blocks[0].text == files.ENERGY
    assert blocks[1].text == files.POVERTY


def test_two_columns_are_read_column_by_column_and_the_table_stays_whole():
    blocks, _ = extract(files.two_column_pdf(LEFT, RIGHT), "pdf")
    joined = "\n".join(texts(blocks))
    # the left column comes whole before the right one, each as one passage (lines not interleaved)
    assert any(b.text.endswith(files.HOUSING) and files.ENERGY in b.text for b in blocks)
    assert RIGHT in joined
    assert joined.index(files.HOUSING) < joined.index(files.POVERTY)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].text.splitlines() == ["Programma | Budget 2026", "Energietransitie | 12,4 miljoen", "Schuldhulpverlening | 3,1 miljoen"]


def test_hyphenation_at_line_ends_is_joined():
    blocks, _ = extract(files.hyphenated_pdf(), "pdf")
    joined = " ".join(texts(blocks))
    assert "De gemeente werkt aan duurzaamheid." in joined
    # the automatically hyphenated long words come back whole
    for word in ("duurzaamheidsmaatregelen", "klimaatadaptatie", "schuldhulpverlening"):
        assert joined.count(word) == 6, word
    assert "-" not in joined.replace("ge-", "")


def test_join_lines_rules():
    assert join_lines(["de duur-", "zaamheid van"]) == "de duurzaamheid van"
    assert join_lines(["energie-", "en klimaatbeleid"]) == "energie- en klimaatbeleid"
    assert join_lines(["Noord-", "Holland"]) == "Noord-Holland"
    assert join_lines(["soft\x02", "ware"]) == "software"


def test_docx_paragraphs_tables_and_page_breaks():
    data = files.docx([files.ENERGY, files.POVERTY, files.HOUSING], table=[["Doel", "Budget"], ["Armoede", "3 miljoen"]], page_break_after=0)
    blocks, pages = extract(data, "docx")
    assert texts(blocks)[:3] == [files.ENERGY, files.POVERTY, files.HOUSING]
    assert [b.page for b in blocks] == [1, 2, 2, 2]
    assert pages == 2
    assert blocks[3].kind == "table" and blocks[3].text == "Doel | Budget\nArmoede | 3 miljoen"


def test_odt_heading_is_merged_with_its_paragraph_and_table_kept():
    blocks, pages = extract(files.odt([files.ENERGY, files.POVERTY], heading="Klimaat", table=[["a", "b"], ["c", "d"]]), "odt")
    assert pages is None
    assert blocks[0].text == "Klimaat\n" + files.ENERGY
    assert blocks[1].text == files.POVERTY
    assert blocks[2].kind == "table" and blocks[2].text == "a | b\nc | d"


def test_html_skips_scripts_and_keeps_tables():
    page = f"<html><head><title>x</title><script>var a = 'armoede';</script></head><body><nav>Menu</nav><h2>Wonen en klimaat</h2><p>{files.HOUSING}</p><table><tr><th>Jaar</th><th>Woningen</th></tr><tr><td>2026</td><td>1.200</td></tr></table><p>{files.ENERGY}</p></body></html>"
    blocks, _ = extract(page.encode(), "html")
    assert texts(blocks) == ["Wonen en klimaat\n" + files.HOUSING, "Jaar | Woningen\n2026 | 1.200", files.ENERGY]


def test_plain_text_paragraphs_form_feeds_and_long_paragraphs_split():
    long = " ".join([files.ENERGY] * 12)
    text = f"{files.ENERGY}\nnog een regel met duur-\nzaamheid.\n\n{files.POVERTY}\f{long}"
    blocks, _ = extract(text.encode("utf-8"), "text")
    assert blocks[0].text == files.ENERGY + " nog een regel met duurzaamheid."
    assert blocks[0].page == 1 and blocks[1].page == 1 and blocks[2].page == 2
    assert all(len(b.text) <= extraction.PASSAGE_MAX for b in blocks)
    assert " ".join(b.text for b in blocks[2:]) == long


def test_cp1252_text_is_read():
    blocks, _ = extract("Café en coöperatie werken aan de energietransitie in de wijk, samen met bewoners en ondernemers.".encode("cp1252"), "text")
    assert "coöperatie" in blocks[0].text


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("leeg.pdf", b"", "empty"),
        ("nep.pdf", b"PK\x03\x04 not a pdf", "mismatch"),
        ("nep.docx", b"%PDF-1.7 not a zip", "mismatch"),
        ("programma.exe", b"MZ\x90\x00", "unsupported"),
        ("tekst.txt", b"%PDF-1.4\n", "mismatch"),
        ("tekst.txt", b"\x00\x01\x02binary", "mismatch"),
    ],
)
def test_sniff_refuses_what_the_name_does_not_say(name, data, code):
    with pytest.raises(ExtractionError) as error:
        sniff(name, data)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("data", "fmt", "code"),
    [
        (b"", "pdf", "empty"),
        (b"%PDF-1.7\n this is not really a PDF at all", "pdf", "corrupt"),
        (b"PK\x03\x04 broken zip", "docx", "corrupt"),
    ],
)
def test_bad_files(data, fmt, code):
    with pytest.raises(ExtractionError) as error:
        extract(data, fmt)
    assert error.value.code == code


def test_encrypted_pdf():
    with pytest.raises(ExtractionError) as error:
        extract(files.encrypted_pdf(), "pdf")
    assert error.value.code == "encrypted"


def test_scanned_pdf_without_text_layer():
    with pytest.raises(ExtractionError) as error:
        extract(files.scanned_pdf(), "pdf")
    assert error.value.code == "no_text_layer"


def test_zip_bomb_is_refused_from_the_directory(monkeypatch):
    data = files.zip_bomb_docx()
    assert len(data) < 200_000
    opened = []
    monkeypatch.setattr(extraction, "_read_member", lambda *a: opened.append(a) or b"")
    with pytest.raises(ExtractionError) as error:
        extract(data, "docx")
    assert error.value.code == "zip_bomb"
    assert opened == []  # nothing was decompressed


def test_docx_with_doctype_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY a 'aaaa'>]><w:document xmlns:w='x'>&a;</w:document>")
    with pytest.raises(ExtractionError) as error:
        extract(out.getvalue(), "docx")
    assert error.value.code == "corrupt"


def test_oversized_data_is_refused_before_parsing():
    with pytest.raises(ExtractionError) as error:
        extract(b"%PDF-" + b"0" * (extraction.MAX_BYTES + 1), "pdf")
    assert error.value.code == "too_large"


def test_running_footers_are_dropped_and_a_paragraph_continues_over_the_page_break():
    long = " ".join([files.ENERGY, files.POVERTY, files.HOUSING] * 4)
    data = files.pdf(
        f"<p>{files.HOUSING}</p><p style='margin-top: 19cm'>{long}</p><p>{files.ENERGY}</p>",
        css="@page { @bottom-center { content: 'Coalitieakkoord — pagina ' counter(page) } }",
    )
    blocks, pages = extract(data, "pdf")
    joined = "\n".join(texts(blocks))
    assert pages == 2
    assert "pagina" not in joined
    # the long paragraph starts on page 1 and runs on to page 2 as one text (possibly split at sentence ends)
    assert " ".join(b.text for b in blocks[1:-1]) == long
    assert blocks[1].page == 1 and blocks[-1].text == files.ENERGY and blocks[-1].page == 2


def test_a_table_running_on_to_the_next_page_stays_one_table():
    rows = "".join(f"<tr><td>Programma {i}</td><td>{i},5 miljoen</td></tr>" for i in range(60))
    blocks, pages = extract(files.pdf(f"<table>{rows}</table>"), "pdf")
    assert pages == 2
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and len(tables[0].text.splitlines()) == 60
