"""Fit the classifier's three parameters on its own labelled training passages (data/train_*.txt).

    .venv/bin/python -m apps.policyscan.classifier.calibrate

Logistic regression of "passage addresses goal" on the two layer outputs, over every (passage, goal)
pair, with positives and negatives weighted equally in total (a passage addresses one or two goals
of seventeen, so unweighted the fit would favour silence). Newton's method in pure Python; the
weights of the layers are kept non-negative so that every piece of evidence counts for a goal.
Writes data/calibration.json. Never run on evaluation data: the Dutch evaluation set and the SDG
Classification Benchmark are not read here."""

from __future__ import annotations

import json
import math

from .datasets import training_passages
from .language import detect_language
from .model import CALIBRATION, features


def design() -> tuple[list[tuple[float, float]], list[int]]:
    xs, ys = [], []
    for passage in training_passages():
        feats = features(passage.text, detect_language(passage.text))
        for goal in range(1, 18):
            f = feats.get(goal)
            xs.append((f.lexical, f.similarity) if f else (0.0, 0.0))
            ys.append(1 if goal in passage.goals else 0)
    return xs, ys


def fit(xs: list[tuple[float, float]], ys: list[int], *, l2: float = 0.01, steps: int = 50) -> tuple[float, float, float]:
    pos = sum(ys)
    neg = len(ys) - pos
    weights = [0.5 / pos if y else 0.5 / neg for y in ys]
    theta = [0.0, 0.0, 0.0]  # bias, lexical, target
    for _ in range(steps):
        grad = [0.0, 0.0, 0.0]
        hess = [[0.0] * 3 for _ in range(3)]
        for (x1, x2), y, w in zip(xs, ys, weights, strict=True):
            row = (1.0, x1, x2)
            z = theta[0] + theta[1] * x1 + theta[2] * x2
            p = 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
            for i in range(3):
                grad[i] += w * (p - y) * row[i]
                for j in range(3):
                    hess[i][j] += w * p * (1 - p) * row[i] * row[j]
        for i in (1, 2):
            grad[i] += l2 * theta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        theta = [t - s for t, s in zip(theta, step, strict=True)]
        theta[1], theta[2] = max(0.0, theta[1]), max(0.0, theta[2])
    return theta[0], theta[1], theta[2]


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
    xs, ys = design()
    bias, lexical, target = fit(xs, ys)
    data = {
        "bias": round(bias, 4),
        "lexical": round(lexical, 4),
        "target": round(target, 4),
        "fitted_on": "data/train_en.txt + data/train_nl.txt (own labelled passages)",
        "pairs": len(ys),
        "positives": sum(ys),
    }
    CALIBRATION.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
