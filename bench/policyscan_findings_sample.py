#!/usr/bin/env python
"""A seeded random sample of the Beleidsscan's findings in one real document, for an independent
judge (issue 19): per finding the passage, the goal, the target if one is named, and the score.

    .venv/bin/python bench/policyscan_findings_sample.py DOCUMENT.pdf [--n 30] [--seed 1919] [--out FILE.md]

A finding is a goal at or above the threshold for a passage of a classified kind (prose, heading,
list), as the app stores it. The document stays outside the repository."""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1919)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--source", default="", help="where the document comes from (printed in the header)")
    args = parser.parse_args()

    from apps.policyscan.classifier import classify
    from apps.policyscan.extraction import CLASSIFIED_KINDS, extract

    blocks, pages = extract(args.document.read_bytes(), "pdf")  # as the app reads an upload
    passages = [b for b in blocks if b.kind in CLASSIFIED_KINDS]
    results = classify([b.text for b in passages])
    findings = [(b, g) for b, goals in zip(passages, results, strict=True) for g in goals]
    sample = random.Random(args.seed).sample(findings, min(args.n, len(findings)))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    lines = [
        f"# Beleidsscan: {len(sample)} random findings from one real document",
        "",
        f"Document: `{args.document.name}` ({pages} pages){' — ' + args.source if args.source else ''}. "
        f"Settings of commit `{commit}`. {len(passages)} classified passages, {len(findings)} findings; "
        f"sample drawn with `random.Random({args.seed}).sample`. Please judge each finding: does the passage "
        "address the goal (right / wrong), and if a target is named, is it the right target?",
        "",
    ]
    for i, (block, goal) in enumerate(sample, start=1):
        target = goal.targets[0].code if goal.targets else "—"
        text = " ".join(block.text.split())
        lines += [
            f"## {i}. goal {goal.goal}, target {target}, score {goal.score:.2f} (page {block.page}, {block.kind})",
            "",
            f"> {text}",
            "",
            "Verdict goal: ___ Verdict target: ___",
            "",
        ]
    output = "\n".join(lines)
    if args.out:
        args.out.write_text(output, encoding="utf-8")
        print(f"{len(sample)} of {len(findings)} findings written to {args.out}")
    else:
        print(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
