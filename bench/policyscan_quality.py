#!/usr/bin/env python
"""Beleidsscan classifier figures (issue 5): quality on the public SDG Classification Benchmark, on
the project's own Dutch evaluation set, the overlap check against the benchmark, and the speed and
memory of classifying 3,000 passages (a 300-page document).

    .venv/bin/python bench/policyscan_quality.py [--no-benchmark] [--passages 3000]

The benchmark (pip install sdgclassification-benchmark) runs its own Benchmark(predict_sdgs) and
prints its own table: per goal and the unweighted average of accuracy, precision, recall and F1. Its
rows are only scored here: nothing in the classifier was trained, tuned or written from them, and
this script prints no benchmark text. The Dutch figures use the same per-goal binary metrics; they
are printed twice: over every passage (17 decisions per passage, mostly negatives) and, like the
benchmark, over a balanced set per goal (its positive passages plus as many negatives, chosen
deterministically)."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def table(result: dict, title: str) -> str:
    lines = [title, f"{'SDG':>7} {'n':>6} {'Acc %':>7} {'Prec %':>7} {'Rec %':>7} {'F1':>5} {'TP':>5} {'FP':>5} {'TN':>5} {'FN':>5}"]
    rows = [("Average", result["average"])] + [(str(g), m) for g, m in result["goals"].items()]
    for name, m in rows:
        lines.append(
            f"{name:>7} {m['n']:>6.1f} {m['accuracy']:>7.1f} {m['precision']:>7.1f} {m['recall']:>7.1f} {m['f1']:>5.2f} "
            f"{m['tp']:>5.1f} {m['fp']:>5.1f} {m['tn']:>5.1f} {m['fn']:>5.1f}"
        )
    return "\n".join(lines)


def balanced(passages, predicted):
    """Per goal: its positive passages plus as many negatives (deterministic choice), as the
    benchmark's rows are per goal."""
    from apps.policyscan.classifier.datasets import metrics

    per_goal = {}
    for goal in range(1, 18):
        pos = [i for i, p in enumerate(passages) if goal in p.goals]
        neg = sorted(
            (i for i, p in enumerate(passages) if goal not in p.goals),
            key=lambda i: hashlib.sha256(f"{goal}:{passages[i].text}".encode()).hexdigest(),
        )
        rows = pos + neg[: len(pos)]
        c = [0, 0, 0, 0]
        for i in rows:
            e, p = goal in passages[i].goals, goal in predicted[i]
            c[0 if e and p else 1 if p else 2 if not e else 3] += 1
        per_goal[goal] = metrics(*c)
    keys = ("n", "accuracy", "precision", "recall", "f1", "tp", "fp", "tn", "fn")
    return {"goals": per_goal, "average": {k: sum(m[k] for m in per_goal.values()) / 17 for k in keys}}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-benchmark", action="store_true")
    ap.add_argument("--passages", type=int, default=3000)
    args = ap.parse_args()

    from apps.policyscan.classifier import classify, predict_goals
    from apps.policyscan.classifier.datasets import OverlapChecker, eval_nl_passages, evaluate, overlaps, training_passages

    print("== Overlap of the classifier's own data with the SDG Classification Benchmark")
    checker = OverlapChecker.from_benchmark()
    if checker is None:
        print("benchmark package not installed: overlap not checked")
    else:
        found = overlaps(checker)
        print(
            f"benchmark texts: {len(checker.texts)}; own texts checked: {len(__import__('apps.policyscan.classifier.datasets', fromlist=['own_texts']).own_texts())}; overlaps: {len(found)}"
        )
        for where, kind in found:
            print(f"  OVERLAP {kind}: {where}")

    print("\n== Dutch evaluation set (own passages, evaluation only)")
    passages = eval_nl_passages()
    predicted = [[g.goal for g in r] for r in classify([p.text for p in passages])]
    print(f"{len(passages)} passages, {sum(1 for p in passages if not p.goals)} addressing no goal")
    print(table(balanced(passages, predicted), "-- balanced per goal, as the benchmark (its positives + as many negatives)"))
    print(table(evaluate(passages, predicted), "-- every passage x every goal"))
    train = training_passages()
    train_avg = evaluate(train, [[g.goal for g in r] for r in classify([p.text for p in train])])["average"]
    print(f"(training passages, for reference only: accuracy {train_avg['accuracy']:.1f} %, F1 {train_avg['f1']:.2f})")

    print(f"\n== Speed and memory: {args.passages} passages in one batch")
    pool = [p.text for p in passages + train]
    # two paragraphs per passage: about 450 characters, 1.3 M characters for 3,000 passages (300 pages)
    batch = [f"{pool[i % len(pool)]} {pool[(7 * i + 3) % len(pool)]} ({i})" for i in range(args.passages)]
    chars = sum(len(t) for t in batch)
    t0 = time.perf_counter()
    results = classify(batch)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(batch)} passages ({chars / 1e6:.1f} M characters) in {seconds:.2f} s = {len(batch) / seconds:.0f} passages/s; "
        f"{sum(len(r) for r in results)} goal assignments; peak RSS of this process {rss:.0f} MB"
    )

    if not args.no_benchmark:  # last: the package loads pandas, which would count in the memory above
        try:
            from sdgclassification.benchmark import Benchmark
        except ImportError:
            print("\nsdgclassification-benchmark not installed: pip install sdgclassification-benchmark")
        else:
            print("\n== SDG Classification Benchmark (the package's own Benchmark and Stats)")
            bench = Benchmark(predict_goals)
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                bench.run()
            print(f"{len(bench.df)} rows in {time.perf_counter() - t0:.1f} s")
            print(bench.stats.format("github"))

    return 0


if __name__ == "__main__":
    sys.exit(main())
