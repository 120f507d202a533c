#!/usr/bin/env python
"""Beleidsscan extraction figures (issue 19) per real document: passages, their types, and the
split-word rate — the share of word tokens that are not words but become a word when joined with a
neighbour ("wo ningbouw", "R aad"). Target: under 0.2 %.

    .venv/bin/python bench/policyscan_extraction.py [DIR_OR_PDF ...]

The real documents are public PDFs fetched from public GitHub repositories; they are not in this
repository (their licences are not ours to give). By default the script reads every PDF in
``../pdfs/`` next to the worktree and its ``SOURCES.txt`` (file, repository, path) for provenance,
and skips when there is none. Words are Dutch and English words of the pyspellchecker dictionaries
(MIT; dev extras) plus every word the document itself writes unbroken at least three times."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "pdfs"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def dictionary() -> set[str]:
    from spellchecker import SpellChecker

    words: set[str] = set()
    for language in ("nl", "en"):
        words.update(SpellChecker(language=language).word_frequency.dictionary.keys())
    return words


def split_rate(texts: list[str], words: set[str]) -> tuple[float, int, int, list[str]]:
    """(rate, split tokens, tokens, examples). A token is split when it is not a word and joined to
    its left or right neighbour (within the same passage) it makes a word."""
    token_lists = [[t.lower() for t in WORD.findall(text)] for text in texts]
    counts = Counter(t for tokens in token_lists for t in tokens)
    known = words | {t for t, n in counts.items() if n >= 3 and len(t) > 3}

    def is_word(token: str) -> bool:
        return token in known or all(part in known for part in token.split("-") if part)

    split, total, examples = 0, 0, []
    for tokens in token_lists:
        for i, token in enumerate(tokens):
            total += 1
            if is_word(token):
                continue
            left = i > 0 and is_word(tokens[i - 1] + token) and len(tokens[i - 1] + token) > 3
            right = i + 1 < len(tokens) and is_word(token + tokens[i + 1]) and len(token + tokens[i + 1]) > 3
            if left or right:
                split += 1
                if len(examples) < 8:
                    examples.append(f"{tokens[i - 1] + ' ' if left else ''}{token}{' ' + tokens[i + 1] if right and not left else ''}")
    return (100 * split / total if total else 0.0), split, total, examples


def sources(directory: Path) -> dict[str, str]:
    path = directory / "SOURCES.txt"
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, rest = line.partition("\t")
                out[name] = rest.replace("\t", " ")
    return out


def speed(files: list[Path], pages: int) -> None:
    """The real documents concatenated (pypdf) to ``pages`` pages, then extracted and classified as a
    scan does, in a fresh process: seconds and peak memory (target: 300 pages under 60 s, 1.5 GB)."""
    import io
    import subprocess
    import tempfile

    from pypdf import PdfReader, PdfWriter

    writer, count = PdfWriter(), 0
    readers = [PdfReader(io.BytesIO(path.read_bytes())) for path in files]
    while count < pages:
        for reader in readers:
            for page in reader.pages:
                if count < pages:
                    writer.add_page(page)
                    count += 1
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
        writer.write(handle)
    code = (
        (
            "import resource, sys, time; sys.path.insert(0, {root!r}); started = time.perf_counter()\n"
            "from apps.policyscan.extraction import CLASSIFIED_KINDS, extract\n"
            "from apps.policyscan.classifier import classify\n"
            "blocks, pages = extract(open({pdf!r}, 'rb').read(), 'pdf')\n"
            "extracted = time.perf_counter() - started\n"
            "results = classify([b.text for b in blocks if b.kind in CLASSIFIED_KINDS])\n"
            "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
            "print(f'{pages} pages, {len(blocks)} passages, {sum(map(len, results))} goal findings: extraction {extracted:.1f} s, '\n"
            "      f'end to end {time.perf_counter() - started:.1f} s wall ({usage.ru_utime + usage.ru_stime:.1f} s CPU), peak memory {usage.ru_maxrss / 1024:.0f} MB')\n"
        )
        .replace("{root!r}", repr(str(ROOT)))
        .replace("{pdf!r}", repr(handle.name))
    )
    print(f"Speed: {', '.join(path.name for path in files)} concatenated to {count} pages")
    print("    " + subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip())
    Path(handle.name).unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=300, help="pages of the concatenated speed document (0: skip)")
    args = parser.parse_args()
    paths = args.paths or [DEFAULT_DIR]
    files = []
    for path in paths:
        files.extend(sorted(path.glob("*.pdf")) if path.is_dir() else [path])
    if not files:
        print(f"No PDFs in {', '.join(map(str, paths))}: skipped (put public municipal PDFs there, see the docstring).")
        return 0
    from apps.policyscan.extraction import extract

    words = dictionary()
    provenance = sources(files[0].parent)
    print(f"{'document':<44} {'pages':>5} {'pass.':>5} {'types':<40} {'split %':>7} {'split':>6} {'tokens':>7} {'s':>5}")
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        blocks, pages = extract(data, "pdf")
        seconds = time.perf_counter() - started
        kinds = Counter(b.kind for b in blocks)
        rate, split, total, examples = split_rate([b.text for b in blocks], words)
        types = " ".join(f"{k}:{n}" for k, n in sorted(kinds.items()))
        print(f"{path.name[:44]:<44} {pages:>5} {len(blocks):>5} {types:<40} {rate:>7.2f} {split:>6} {total:>7} {seconds:>5.1f}")
        if provenance.get(path.name):
            print(f"    source: {provenance[path.name]}")
        if examples:
            print(f"    e.g.: {' / '.join(examples)}")
    if args.pages:
        speed(files, args.pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
