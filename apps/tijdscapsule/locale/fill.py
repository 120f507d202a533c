"""Fill the app's catalogues: English msgstr = msgid, Dutch from a dict (python fill.py NL_DICT_FILE).
Run from apps/tijdscapsule after makemessages; then compilemessages."""

import ast
import re
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(path: Path, translate) -> list[str]:
    missing = []
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())
    out = [blocks[0]]
    for block in blocks[1:]:
        comments, fields, key = [], {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                if line.startswith("#,"):
                    flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                    if flags:
                        comments.append("#, " + ", ".join(flags))
                    continue
                if line.startswith("#|"):
                    continue
                comments.append(line)
                continue
            match = re.match(r"(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(\".*\")", line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
        msgid, plural = fields.get("msgid"), fields.get("msgid_plural")
        lines = comments + [f"msgid {quote(msgid)}"]
        if plural is not None:
            lines.append(f"msgid_plural {quote(plural)}")
            for index in (0, 1):
                value = translate((msgid, index), plural if index else msgid)
                if value is None:
                    missing.append(msgid)
                    value = ""
                lines.append(f"msgstr[{index}] {quote(value)}")
        else:
            value = translate(msgid, msgid)
            if value is None:
                missing.append(msgid)
                value = ""
            lines.append(f"msgstr {quote(value)}")
        out.append("\n".join(lines))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    nl = runpy.run_path(sys.argv[1])["NL"]
    fill(HERE / "en/LC_MESSAGES/django.po", lambda key, english: english)
    missing = fill(HERE / "nl/LC_MESSAGES/django.po", lambda key, english: nl.get(key))
    print("missing:", missing)
