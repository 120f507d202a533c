#!/usr/bin/env python
"""Beleidsscan classifier on the held-out evaluation sets of issue 19 (apps/policyscan/evaluation/),
which nothing in the classifier was built or tuned from; each run is recorded in
docs/policyscan-evaluation.md.

    .venv/bin/python bench/policyscan_evaluation.py

Per language set (holdout_nl.txt, holdout_en.txt: per goal two passages that address it and one hard
negative): per goal a balanced decision set — its two positives, its own hard negative and one
positive of the next goal — then accuracy, precision and recall pooled over the 17 goals (68
decisions) and the mean of the per-goal accuracies. Multi-goal passages (multi_nl.txt): micro
precision and recall over every predicted goal, and goals predicted per passage against true.

Independent sets (written by annotators who never saw the classifier, kept outside the repository):

    POLICYSCAN_EVAL_DIR=/work/eval/policyscan .venv/bin/python bench/policyscan_evaluation.py

reads holdout_nl_v2.csv and holdout_en_v2.csv (columns goal,label,other_goals,text: per goal texts
that address it, label 1, and hard negatives, label 0) and multi_nl_v2.csv (columns goals,text), and
prints per set: per goal a passage with label 1 should be predicted as that goal and a label-0
passage should not; accuracy, precision, recall and F1 pooled over all rows and as the mean of the
per-goal figures (the benchmark's way); multi-goal: micro precision and recall."""

from __future__ import annotations

import csv
import datetime
import hashlib
import os
import re
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


def _goals(field: str) -> set[int]:
    return {int(g) for g in re.findall(r"\d+", field or "") if 1 <= int(g) <= 17}


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def labelled_set(path: Path, predict) -> dict:
    """Rows goal,label,text: per row one decision for its goal."""
    per_goal: dict[int, list[int]] = {}  # goal -> [tp, fp, tn, fn]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        goal, truth = int(row["goal"]), row["label"].strip() == "1"
        guess = goal in predict(row["text"])
        counts = per_goal.setdefault(goal, [0, 0, 0, 0])
        counts[0 if truth and guess else 1 if guess else 2 if not truth else 3] += 1
    tp, fp, tn, fn = (sum(c[i] for c in per_goal.values()) for i in range(4))
    precision, recall, f1 = _f1(tp, fp, fn)
    means = []
    for counts in per_goal.values():
        p, r, f = _f1(counts[0], counts[1], counts[3])
        means.append((100 * (counts[0] + counts[2]) / sum(counts), 100 * p, 100 * r, f))
    n = len(means)
    return {
        "rows": len(rows),
        "accuracy": 100 * (tp + tn) / len(rows),
        "precision": 100 * precision,
        "recall": 100 * recall,
        "f1": f1,
        "mean": tuple(sum(m[i] for m in means) / n for i in range(4)),
        "weakest": sorted(((g, 100 * (c[0] + c[2]) / sum(c)) for g, c in per_goal.items()), key=lambda x: x[1])[:3],
    }


def multi_set(path: Path, predict) -> dict:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    truth = [_goals(row["goals"]) for row in rows]
    guessed = [set(predict(row["text"])) for row in rows]
    tp = sum(len(t & g) for t, g in zip(truth, guessed, strict=True))
    n_guessed, n_true = sum(len(g) for g in guessed), sum(len(t) for t in truth)
    return {
        "rows": len(rows),
        "precision": tp / n_guessed if n_guessed else 0.0,
        "recall": tp / n_true if n_true else 0.0,
        "per_passage": n_guessed / len(rows),
        "true_per_passage": n_true / len(rows),
    }


def independent(directory: Path) -> int:
    import subprocess

    from apps.policyscan.classifier import predict_goals

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "apps/policyscan/classifier"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"Independent evaluation, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, settings of commit {commit}{' (classifier modified!)' if dirty else ''}, data {directory}"
    )
    for name in ("holdout_nl_v2.csv", "holdout_en_v2.csv"):
        path = directory / name
        r = labelled_set(path, predict_goals)
        acc, prec, rec, f1 = r["mean"]
        weakest = ", ".join(f"goal {g} {a:.0f} %" for g, a in r["weakest"])
        print(
            f"{name} [{fingerprint(path)}] {r['rows']} rows: pooled accuracy {r['accuracy']:.1f} %, precision {r['precision']:.1f} %, "
            f"recall {r['recall']:.1f} %, F1 {r['f1']:.2f}; mean per goal {acc:.1f} % / {prec:.1f} % / {rec:.1f} % / F1 {f1:.2f}; weakest {weakest}"
        )
    path = directory / "multi_nl_v2.csv"
    m = multi_set(path, predict_goals)
    print(
        f"multi_nl_v2.csv [{fingerprint(path)}] {m['rows']} passages: micro precision {m['precision']:.2f}, recall {m['recall']:.2f}, "
        f"{m['per_passage']:.2f} goals predicted per passage against {m['true_per_passage']:.2f} true"
    )
    return 0


def main() -> int:
    if os.environ.get("POLICYSCAN_EVAL_DIR"):
        return independent(Path(os.environ["POLICYSCAN_EVAL_DIR"]))
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
