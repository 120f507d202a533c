"""The second stage: a linear model over the whole passage's wording that rescores the candidate
goals of the first stage (terms and target texts).

Per goal a logistic regression (L2) on TF-IDF vectors of Snowball stems, fitted by calibrate.py on
the classifier's own labelled training passages (data/train_*.txt) and the target texts; stored as
plain numbers in data/rescore.json (no pickles, no network, pure Python at run time). It only sees
goals the first stage found evidence for: it cannot add a goal, only weigh the context in which a
term occurs (a passage about a budget table that names a "wijk" reads differently from one about
the neighbourhood itself). Its logit enters the calibrated score as a third input."""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .targets import stems

MODEL = Path(__file__).resolve().parent / "data" / "rescore.json"


def bag(text: str, language: str) -> Counter[str]:
    """Stems of the passage in its language ("other": both)."""
    langs = (language,) if language in ("nl", "en") else ("nl", "en")
    out: Counter[str] = Counter()
    for lang in langs:
        out.update(stems(text, lang))
    return out


def vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {s: (1 + math.log(c)) * idf[s] for s, c in counts.items() if s in idf}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {s: v / norm for s, v in vec.items()} if norm else {}


class Rescorer:
    def __init__(self, data: dict):
        self.intercepts: list[float] = data["intercepts"]  # per goal 1..17
        self.idf: dict[str, float] = {s: row[0] for s, row in data["stems"].items()}
        self.coef: dict[str, list[float]] = {s: row[1:] for s, row in data["stems"].items()}

    def logits(self, text: str, language: str) -> list[float]:
        """Per goal (index 0 = goal 1) what the passage's stems add to the model's logit, without its
        intercept: 0 when the model knows none of the passage's words, so a short passage with one
        clear term is not held back by the model's prior (the calibrated bias plays that part)."""
        out = [0.0] * len(self.intercepts)
        for s, v in vector(bag(text, language), self.idf).items():
            for g, c in enumerate(self.coef[s]):
                out[g] += v * c
        return out


@lru_cache(maxsize=1)
def rescorer() -> Rescorer:
    return Rescorer(json.loads(MODEL.read_text(encoding="utf-8")))
