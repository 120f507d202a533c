"""The target layer: how close a passage's wording is to the text of each UN target.

Every target text (English and the project's own Dutch, from apps/goals/data/) becomes a
TF-IDF vector over Snowball word stems of its own language (stemming.py); a passage is stemmed in
each language it is compared in and compared with each target text of that language by cosine
similarity through an inverted index, so a batch of thousands of passages costs a few seconds in
pure Python."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .language import EN, NL, words
from .stemming import stem

GOALS_DATA = Path(__file__).resolve().parents[2] / "goals" / "data"
WORD = re.compile(r"[^\W\d_]{3,}")
# words that occur in nearly every target text and say nothing about the topic
FILLER = words(
    "ensure achieve increase including particular especially promote substantially significantly "
    "implement countries developing least developed all everywhere national international global "
    "level levels appropriate access sustainable sustainably 2020 2025 2030 by through their "
    "ervoor zorgen zorgen bereiken verhogen vergroten bevorderen landen ontwikkelingslanden minst "
    "ontwikkelde alle overal nationaal nationale internationaal internationale mondiaal mondiale "
    "niveau passende toegang duurzaam duurzame uiterlijk tegen"
)
STOP = NL | EN | FILLER


def stems(text: str, lang: str) -> list[str]:
    return [stem(w, lang) for w in (m.lower() for m in WORD.findall(text)) if w not in STOP]


@dataclass(frozen=True)
class TargetDoc:
    code: str  # "11.6"
    goal: int
    lang: str
    text: str


def _docs() -> list[TargetDoc]:
    docs = []
    with (GOALS_DATA / "targets.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            docs.append(TargetDoc(row["code"], int(row["goal"]), "en", row["text_en"]))
            docs.append(TargetDoc(row["code"], int(row["goal"]), "nl", row["text_nl"]))
    return docs


class TargetIndex:
    def __init__(self, docs: list[TargetDoc]):
        self.docs = docs
        df: Counter[str] = Counter()
        bags = [Counter(stems(d.text, d.lang)) for d in docs]
        for bag in bags:
            df.update(bag.keys())
        n = len(docs)
        self.idf = {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, bag in enumerate(bags):
            vec = {s: (1 + math.log(c)) * self.idf[s] for s, c in bag.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for s, v in vec.items():
                self.postings[s].append((i, v / norm))

    def similarities(self, text: str, langs: tuple[str, ...]) -> dict[int, float]:
        """Cosine similarity per target document index (only documents with a shared stem)."""
        out: dict[int, float] = {}
        for lang in langs:
            bag = Counter(stems(text, lang))
            vec = {s: (1 + math.log(c)) * self.idf[s] for s, c in bag.items() if s in self.idf}
            norm = math.sqrt(sum(v * v for v in vec.values()))
            if not norm:
                continue
            sims: dict[int, float] = defaultdict(float)
            for s, v in vec.items():
                for i, w in self.postings[s]:
                    if self.docs[i].lang == lang:
                        sims[i] += v * w
            out.update((i, sim / norm) for i, sim in sims.items())
        return out

    def best_per_goal(self, text: str, langs: tuple[str, ...]) -> dict[int, list[tuple[float, TargetDoc]]]:
        """Per goal its target documents by similarity, strongest first."""
        out: dict[int, list[tuple[float, TargetDoc]]] = defaultdict(list)
        for i, sim in self.similarities(text, langs).items():
            out[self.docs[i].goal].append((sim, self.docs[i]))
        for v in out.values():
            v.sort(key=lambda p: -p[0])
        return out


@lru_cache(maxsize=1)
def target_index() -> TargetIndex:
    return TargetIndex(_docs())
