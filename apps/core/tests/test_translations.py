"""The interface is Dutch first, English second: both catalogues are complete, current and compiled."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

pytestmark = pytest.mark.django_db


APP_LOCALES = sorted(Path(settings.BASE_DIR).glob("apps/*/locale"))


def po_files():
    """The project's catalogues and those of apps that keep their own (apps/<app>/locale/)."""
    files = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    assert files, f"no catalogues under {LOCALE}"
    for locale in APP_LOCALES:
        files += sorted(locale.glob("*/LC_MESSAGES/*.po"))
    return files


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file (blocks separated by blank lines): msgid, msgid_plural, msgstr (a str, or a
    list for plural forms) and flags. Obsolete entries (#~) are left out, as msgfmt does."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, key = {"msgid": None, "msgid_plural": None, "msgstr": None, "flags": set()}, None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                assert key is not None, f"{path}: string without keyword: {line!r}"
                name, index = key
                if index is None:
                    entry[name] += ast.literal_eval(line)
                else:
                    entry[name][index] += ast.literal_eval(line)
            else:
                match = re.fullmatch(r'(msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")', line)
                assert match, f"{path}: cannot read {line!r}"
                name, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if index is None:
                    entry[name], key = value, (name, None)
                else:
                    entry[name] = entry[name] if isinstance(entry[name], list) else []
                    entry[name].append(value)
                    key = (name, int(index))
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[dict]:
    """The translatable entries (without the header)."""
    return [e for e in parse_po(path) if e["msgid"] != ""]


def label(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


def test_every_language_has_a_catalogue():
    for code in LANGUAGES:
        assert (LOCALE / code / "LC_MESSAGES" / "django.po").is_file(), code
    nl = {e["msgid"] for e in messages(LOCALE / "nl" / "LC_MESSAGES" / "django.po")}
    en = {e["msgid"] for e in messages(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    assert len(nl) > 100
    assert nl == en, "run `make makemessages`: the Dutch and English catalogues hold different strings"


@pytest.mark.parametrize("locale", APP_LOCALES, ids=lambda p: str(p.parent.name))
def test_app_catalogues_hold_the_same_strings_in_both_languages(locale):
    nl = {e["msgid"] for e in messages(locale / "nl" / "LC_MESSAGES" / "django.po")}
    en = {e["msgid"] for e in messages(locale / "en" / "LC_MESSAGES" / "django.po")}
    assert nl == en, f"run makemessages in {locale.parent}: the Dutch and English catalogues hold different strings"


@pytest.mark.parametrize("path", po_files(), ids=label)
def test_no_empty_or_fuzzy_translations(path):
    entries = parse_po(path)
    header = next(e for e in entries if e["msgid"] == "")
    assert "fuzzy" not in header["flags"], f"{label(path)}: header is marked fuzzy"
    empty, fuzzy = [], []
    for e in messages(path):
        forms = e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]
        if e["msgid_plural"] is not None:
            assert isinstance(e["msgstr"], list) and len(forms) == 2, f"{label(path)}: {e['msgid']!r} needs msgstr[0] and msgstr[1]"
        if not all(form.strip() for form in forms):
            empty.append(e["msgid"])
        if "fuzzy" in e["flags"]:
            fuzzy.append(e["msgid"])
    assert not empty, f"{label(path)}: untranslated: {empty}"
    assert not fuzzy, f"{label(path)}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("path", po_files(), ids=label)
def test_placeholders_and_markup_are_kept(path):
    wrong = []
    for e in messages(path):
        sources = [e["msgid"], e["msgid_plural"]] if e["msgid_plural"] is not None else [e["msgid"]]
        forms = e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]
        for source, form in zip(sources, forms, strict=False):
            for pattern in (PLACEHOLDER, re.compile(r"</?\w+[^>]*>")):
                if sorted(pattern.findall(source)) != sorted(pattern.findall(form)):
                    wrong.append((source, form))
    assert not wrong, f"{label(path)}: placeholders or HTML differ: {wrong}"


@pytest.mark.parametrize("path", [p for p in po_files() if p.parts[-3] == "en"], ids=label)
def test_english_catalogue_repeats_the_source(path):
    for e in messages(path):
        if e["msgid_plural"] is None:
            assert e["msgstr"] == e["msgid"]
        else:
            assert e["msgstr"] == [e["msgid"], e["msgid_plural"]]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", po_files(), ids=label)
def test_msgfmt_accepts_the_catalogue(path):
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def compiled(mo: Path) -> dict:
    with mo.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    return catalog


def expected(po: Path) -> dict:
    catalog = {}
    for e in messages(po):
        if e["msgid_plural"] is None:
            catalog[e["msgid"]] = e["msgstr"]
        else:
            for index, form in enumerate(e["msgstr"]):
                catalog[(e["msgid"], index)] = form
    return catalog


@pytest.mark.parametrize("po", po_files(), ids=label)
def test_compiled_catalogue_is_current(po):
    """The .mo is not older than its .po. A fresh git checkout writes files in arbitrary order within the
    same moment, so an older timestamp is accepted only when the compiled messages equal the .po's."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{label(po)} is not compiled: run `make messages`"
    stale = mo.stat().st_mtime < po.stat().st_mtime
    assert not stale or compiled(mo) == expected(po), f"{label(mo)} is older than its .po: run `make messages`"
    assert compiled(mo) == expected(po), f"{label(mo)} does not match its .po: run `make messages`"


def test_home_page_is_dutch_by_default_and_english_under_en(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="nl"' in body
    assert "Doe mee aan de campagne" in body
    assert "Maak de Global Goals lokaal" in body
    assert ">Inloggen<" in body
    assert "Join the campaign" not in body

    response = client.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en"' in body
    assert "Join the campaign" in body
    assert "Make the Global Goals local" in body
    assert ">Log in<" in body
    assert "Doe mee aan de campagne" not in body
