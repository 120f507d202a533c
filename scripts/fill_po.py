"""Fill a pair of gettext catalogues after `make makemessages`.

    .venv/bin/python scripts/fill_po.py apps/menukaart/locale [translations.json]

English: every entry gets msgstr = msgid (English is the source language), fuzzy flags are dropped.
Dutch: entries that are empty or fuzzy get their translation from the JSON file ({"msgid": "nl", ...};
for plurals {"msgid": ["one", "other"]}); entries still missing are listed and the script exits 1.
The header's fuzzy flag is removed and its charset set to UTF-8. Plain text processing, no dependencies.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def quote(text: str, keyword: str = "msgid") -> str:
    """Like gettext's tools: one line if it fits in 79 columns without an inner newline, else an empty
    first line and pieces broken after each newline and at spaces."""
    if len(keyword) + len(escape(text)) + 3 <= 79 and "\n" not in text.rstrip("\n"):
        return '"' + escape(text) + '"'
    pieces = []
    for part in re.split(r"(?<=\n)", text):
        if not part:
            continue
        line = ""
        for word in re.split(r"(?<= )", part):
            if line and len(escape(line + word)) > 77:
                pieces.append(line)
                line = ""
            line += word
        pieces.append(line)
    return '""\n' + "\n".join('"' + escape(p) + '"' for p in pieces)


def unquote(lines: list[str]) -> str:
    import ast

    return "".join(ast.literal_eval(line) for line in lines)


def parse(block: str) -> dict:
    entry = {"comments": [], "flags": [], "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "obsolete": False}
    key, buffer = None, []

    def flush():
        if key is None:
            return
        name, index = key
        value = unquote(buffer)
        if name == "msgstr":
            entry["msgstr"][index] = value
        else:
            entry[name] = value

    for raw in block.splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            entry["obsolete"] = True
            entry["comments"].append(raw)
            continue
        if line.startswith("#,"):
            entry["flags"] = [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("#"):
            entry["comments"].append(raw)
            continue
        if line.startswith('"'):
            buffer.append(line)
            continue
        match = re.fullmatch(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")", line)
        if match:
            flush()
            key = (match.group(1), int(match.group(2) or 0))
            buffer = [match.group(3)]
    flush()
    return entry


def render(entry: dict) -> str:
    if entry["obsolete"]:
        return "\n".join(entry["comments"])
    # "#|" lines (the previous msgid of a fuzzy entry) go once the entry is no longer fuzzy; msgfmt
    # also wants them after the flags.
    lines = [c for c in entry["comments"] if not c.lstrip().startswith("#|")]
    if entry["flags"]:
        lines.append("#, " + ", ".join(entry["flags"]))
    if entry["msgctxt"] is not None:
        lines.append("msgctxt " + quote(entry["msgctxt"], "msgctxt"))
    lines.append("msgid " + quote(entry["msgid"]))
    if entry["msgid_plural"] is not None:
        lines.append("msgid_plural " + quote(entry["msgid_plural"], "msgid_plural"))
        for index in sorted(entry["msgstr"]):
            lines.append(f"msgstr[{index}] " + quote(entry["msgstr"][index], "msgstr[0]"))
    else:
        lines.append("msgstr " + quote(entry["msgstr"].get(0, ""), "msgstr"))
    return "\n".join(lines)


def split(text: str) -> list[str]:
    """Entries as blocks of lines. A new entry starts at a blank line, or at a comment, msgctxt or msgid
    line after a msgstr (a new catalogue may have no blank line after its header)."""
    blocks, current, seen_msgstr = [], [], False
    for line in text.splitlines():
        stripped = line.strip()
        starts = stripped.startswith(("#", "msgctxt", "msgid ")) and seen_msgstr
        if not stripped or starts:
            if current:
                blocks.append("\n".join(current))
            current, seen_msgstr = [], False
            if not stripped:
                continue
        current.append(line)
        if stripped.startswith("msgstr"):
            seen_msgstr = True
    if current:
        blocks.append("\n".join(current))
    return blocks


def fill(path: Path, language: str, translations: dict) -> list[str]:
    blocks = split(path.read_text(encoding="utf-8"))
    out, missing = [], []
    for block in blocks:
        entry = parse(block)
        if entry["msgid"] is None:
            out.append(block)
            continue
        if entry["msgid"] == "":
            entry["flags"] = [f for f in entry["flags"] if f != "fuzzy"]
            header = entry["msgstr"].get(0, "")
            header = header.replace("charset=CHARSET", "charset=UTF-8")
            header = re.sub(r"Language: [^\n]*", f"Language: {language}", header)
            entry["msgstr"][0] = header
            out.append(render(entry))
            continue
        if entry["obsolete"]:
            continue
        fuzzy = "fuzzy" in entry["flags"]
        entry["flags"] = [f for f in entry["flags"] if f != "fuzzy"]
        plural = entry["msgid_plural"] is not None
        if language == "en":
            entry["msgstr"] = {0: entry["msgid"], 1: entry["msgid_plural"]} if plural else {0: entry["msgid"]}
        else:
            empty = not all(v.strip() for v in entry["msgstr"].values()) or not entry["msgstr"]
            if empty or fuzzy:
                value = translations.get(entry["msgid"])
                if value is None:
                    missing.append(entry["msgid"])
                    entry["flags"].append("fuzzy") if fuzzy else None
                elif plural:
                    entry["msgstr"] = {0: value[0], 1: value[1]}
                else:
                    entry["msgstr"] = {0: value}
        out.append(render(entry))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return missing


def main() -> int:
    locale = Path(sys.argv[1])
    translations = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")) if len(sys.argv) > 2 else {}
    fill(locale / "en" / "LC_MESSAGES" / "django.po", "en", {})
    missing = fill(locale / "nl" / "LC_MESSAGES" / "django.po", "nl", translations)
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
