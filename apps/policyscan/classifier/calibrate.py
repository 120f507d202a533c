"""Fit the classifier on its own labelled training passages (data/train_*.txt) and nothing else.

    .venv/bin/python -m apps.policyscan.classifier.calibrate

Two steps, both deterministic:

1. The second stage (rescore.py): per goal an L2 logistic regression on TF-IDF vectors of Snowball
   stems, fitted on the training passages and the target texts (apps/goals/data/targets.csv, one
   document per target and language); written to data/rescore.json. Needs numpy (dev extras) at fit
   time only; the stored model is plain numbers read in pure Python.
2. The score: logistic regression of "passage addresses goal" on the three layer outputs (terms,
   target texts, second-stage logit) over every (passage, goal) pair the first stage has evidence
   for, with positives and negatives weighted equally in total. The second-stage logit used here is
   out-of-fold (five folds over the training passages), so the fit does not trust a model on the
   passages it has memorised. Newton's method in pure Python; the weights stay non-negative so that
   every piece of evidence counts for a goal, and the bias is kept so high that one clear term is a
   finding (a policy title such as "Nota Woonbeleid") unless the second stage's logit is below
   -CONTEXT_TOLERANCE. Writes data/calibration.json.

Never run on evaluation data: the held-out sets and the SDG Classification Benchmark are not read."""

from __future__ import annotations

import json
import math
from collections import Counter

from .datasets import training_passages
from .language import detect_language
from .model import CALIBRATION, features
from .rescore import MODEL, Rescorer, bag, vector
from .targets import _docs

FOLDS = 5
BALANCED = True
L2_RESCORE = 1.0  # on the second stage's weights (TF-IDF vectors have unit length)
TARGET_DOC_WEIGHT = 0.5  # a target text counts half a training passage
MIN_DF = 2  # a stem must occur in two training documents
CONTEXT_TOLERANCE = 0.1  # how far the second stage must speak against one clear term to overrule it


def _corpus() -> list[tuple[Counter[str], frozenset[int], float, int]]:
    """(stems, goals, sample weight, fold) per training document; target texts have fold -1."""
    out = []
    for i, passage in enumerate(training_passages()):
        out.append((bag(passage.text, detect_language(passage.text)), passage.goals, 1.0, i % FOLDS))
    for doc in _docs():
        out.append((bag(doc.text, doc.lang), frozenset({doc.goal}), TARGET_DOC_WEIGHT, -1))
    return out


def _idf(docs) -> dict[str, float]:
    df: Counter[str] = Counter()
    for counts, *_ in docs:
        df.update(counts.keys())
    n = len(docs)
    return {s: math.log((n + 1) / (c + 0.5)) for s, c in sorted(df.items()) if c >= MIN_DF}


def _fit_rescorer(docs) -> dict:
    """Per goal an L2 logistic regression (Newton, solved through the n x n system since stems
    outnumber documents); balanced: positives and negatives weigh the same in total."""
    import numpy as np

    idf = _idf(docs)
    vocab = sorted(idf)
    index = {s: j for j, s in enumerate(vocab)}
    x = np.zeros((len(docs), len(vocab)))
    for i, (counts, *_) in enumerate(docs):
        for s, v in vector(counts, idf).items():
            x[i, index[s]] = v
    sample = np.array([w for _, _, w, _ in docs])
    xb = np.hstack([np.ones((len(docs), 1)), x])
    reg = np.full(xb.shape[1], L2_RESCORE)
    reg[0] = 1e-6
    rinv = 1 / reg
    gram = (xb * rinv) @ xb.T  # the same for every goal and Newton step
    intercepts, coefs = [], []
    for goal in range(1, 18):
        y = np.array([1.0 if goal in goals else 0.0 for _, goals, _, _ in docs])
        pos, neg = (sample * y).sum(), (sample * (1 - y)).sum()
        sw = sample * np.where(y == 1, 0.5 / pos, 0.5 / neg) * len(docs)
        theta = np.zeros(xb.shape[1])
        for _ in range(30):
            p = 1 / (1 + np.exp(-np.clip(xb @ theta, -50, 50)))
            grad = xb.T @ (sw * (p - y)) + reg * theta
            w = np.maximum(sw * p * (1 - p), 1e-10)
            # (diag(reg) + Xb' W Xb)^-1 grad via Woodbury: an n x n solve
            inner = np.diag(1 / w) + gram
            step = rinv * grad - rinv * (xb.T @ np.linalg.solve(inner, xb @ (rinv * grad)))
            theta -= step
            if np.abs(step).max() < 1e-6:
                break
        intercepts.append(round(float(theta[0]), 4))
        coefs.append(theta[1:])
    stems = {s: [round(idf[s], 4)] + [round(float(coefs[g][j]), 4) for g in range(17)] for j, s in enumerate(vocab)}
    return {
        "fitted_on": "data/train_en.txt + data/train_nl.txt (own labelled passages) and the target texts",
        "intercepts": intercepts,
        "stems": stems,
    }


def fit_rescorers() -> tuple[dict, list[list[float]]]:
    """The shipped second stage, and per training passage its out-of-fold logits (17 each)."""
    docs = _corpus()
    full = _fit_rescorer(docs)
    passages = training_passages()
    oof: list[list[float]] = [[] for _ in passages]
    for fold in range(FOLDS):
        model = Rescorer(_fit_rescorer([d for d in docs if d[3] != fold]))
        for i, passage in enumerate(passages):
            if i % FOLDS == fold:
                oof[i] = model.logits(passage.text, detect_language(passage.text))
    return full, oof


def design(oof: list[list[float]]) -> tuple[list[tuple[float, float, float]], list[int]]:
    xs, ys = [], []
    for passage, logits in zip(training_passages(), oof, strict=True):
        feats = features(passage.text, detect_language(passage.text))
        for goal in range(1, 18):
            f = feats.get(goal)
            if f is None:
                continue  # no first-stage evidence: never a candidate, never scored
            xs.append((f.lexical, f.similarity, logits[goal - 1]))
            ys.append(1 if goal in passage.goals else 0)
    return xs, ys


def fit(xs: list[tuple[float, ...]], ys: list[int], *, l2: float = 0.01, steps: int = 50) -> list[float]:
    """bias and one non-negative weight per input."""
    k = len(xs[0]) + 1
    pos = sum(ys)
    neg = len(ys) - pos
    weights = [1 / len(ys)] * len(ys) if not BALANCED else [0.5 / pos if y else 0.5 / neg for y in ys]
    theta = [0.0] * k
    for _ in range(steps):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y, w in zip(xs, ys, weights, strict=True):
            row = (1.0, *x)
            z = sum(t * r for t, r in zip(theta, row, strict=True))
            p = 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
            for i in range(k):
                grad[i] += w * (p - y) * row[i]
                for j in range(k):
                    hess[i][j] += w * p * (1 - p) * row[i] * row[j]
        for i in range(1, k):
            grad[i] += l2 * theta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        theta = [theta[0]] + [max(0.0, t) for t in theta[1:]]
        # one clear term (weight 1) is a finding ("Nota Woonbeleid", "Wij breiden de
        # schuldhulpverlening uit.") unless the second stage's logit speaks against it by more than
        # CONTEXT_TOLERANCE: bias + lexical * log(2) - rescore * CONTEXT_TOLERANCE >= 0
        if k == 4:
            theta[0] = max(theta[0], -theta[1] * math.log(2) + theta[3] * CONTEXT_TOLERANCE + 1e-3)
    return theta


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def main() -> None:
    model, oof = fit_rescorers()
    MODEL.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    xs, ys = design(oof)
    bias, lexical, target, rescore = fit(xs, ys)
    data = {
        "bias": round(bias, 4),
        "lexical": round(lexical, 4),
        "target": round(target, 4),
        "rescore": round(rescore, 4),
        "fitted_on": "data/train_en.txt + data/train_nl.txt (own labelled passages); rescore: out-of-fold logits",
        "pairs": len(ys),
        "positives": sum(ys),
    }
    CALIBRATION.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2), f"\nsecond stage: {len(model['stems'])} stems")


if __name__ == "__main__":
    main()
