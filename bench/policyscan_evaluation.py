#!/usr/bin/env python
"""Beleidsscan classifier on the held-out evaluation sets of issue 19 (apps/policyscan/evaluation/),
which nothing in the classifier was built or tuned from; each run is recorded in
docs/policyscan-evaluation.md.

    .venv/bin/python bench/policyscan_evaluation.py

Per language set (holdout_nl.txt, holdout_en.txt: per goal two passages that address it and one hard
negative): per goal a balanced decision set — its two positives, its own hard negative and one
positive of the next goal — then accuracy, precision and recall pooled over the 17 goals (68
decisions) and the mean of the per-goal accuracies. Multi-goal passages (multi_nl.txt): micro
precision and recall over every predicted goal, and goals predicted per passage against true."""

from __future__ import annotations

import datetime
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVALUATION = ROOT / "apps" / "policyscan" / "evaluation"


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def balanced(passages, predicted) -> dict:
    positives = {g: [i for i, p in enumerate(passages) if g in p.goals] for g in range(1, 18)}
    tp = fp = tn = fn = 0
    per_goal = {}
    for goal in range(1, 18):
        rows = positives[goal][:2]
        first = positives[goal][0] if positives[goal] else 0
        hard = next((i for i in range(first, len(passages)) if not passages[i].goals), None)
        rows += [hard] if hard is not None else []
        rows += positives[goal % 17 + 1][:1]
        counts = [0, 0, 0, 0]
        for i in rows:
            truth, guess = goal in passages[i].goals, goal in predicted[i]
            counts[0 if truth and guess else 1 if guess else 2 if not truth else 3] += 1
        tp, fp, tn, fn = tp + counts[0], fp + counts[1], tn + counts[2], fn + counts[3]
        per_goal[goal] = 100 * (counts[0] + counts[2]) / len(rows)
    n = tp + fp + tn + fn
    return {
        "accuracy": 100 * (tp + tn) / n,
        "precision": 100 * tp / (tp + fp) if tp + fp else 0.0,
        "recall": 100 * tp / (tp + fn) if tp + fn else 0.0,
        "mean_goal_accuracy": sum(per_goal.values()) / 17,
        "weakest": sorted(per_goal.items(), key=lambda item: item[1])[:3],
        "decisions": n,
    }


def multi(passages, predicted) -> dict:
    tp = sum(len(p.goals & set(g)) for p, g in zip(passages, predicted, strict=True))
    guessed = sum(len(g) for g in predicted)
    true = sum(len(p.goals) for p in passages)
    return {
        "precision": tp / guessed if guessed else 0.0,
        "recall": tp / true,
        "per_passage": guessed / len(passages),
        "true_per_passage": true / len(passages),
    }


def main() -> int:
    from apps.policyscan.classifier import predict_goals
    from apps.policyscan.classifier.datasets import read_passages

    print(
        f"Held-out evaluation, {datetime.date.today().isoformat()} (sets written 3 December 2026 from a brief naming only the goals; see the set headers)"
    )
    for name in ("holdout_nl.txt", "holdout_en.txt"):
        path = EVALUATION / name
        passages = read_passages(path)
        predicted = [set(predict_goals(p.text)) for p in passages]
        r = balanced(passages, predicted)
        weakest = ", ".join(f"goal {g} {a:.0f} %" for g, a in r["weakest"])
        print(
            f"{name} [{fingerprint(path)}] {len(passages)} passages, {r['decisions']} decisions: accuracy {r['accuracy']:.1f} %, "
            f"precision {r['precision']:.1f} %, recall {r['recall']:.1f} % (mean per-goal accuracy {r['mean_goal_accuracy']:.1f} %; weakest {weakest})"
        )
    path = EVALUATION / "multi_nl.txt"
    passages = read_passages(path)
    predicted = [set(predict_goals(p.text)) for p in passages]
    m = multi(passages, predicted)
    print(
        f"multi_nl.txt [{fingerprint(path)}] {len(passages)} passages: micro precision {m['precision']:.2f}, recall {m['recall']:.2f}, "
        f"{m['per_passage']:.2f} goals predicted per passage against {m['true_per_passage']:.2f} true"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
