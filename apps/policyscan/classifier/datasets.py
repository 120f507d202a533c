"""The classifier's own labelled passages (training and Dutch evaluation), the per-goal metrics the SDG
Classification Benchmark uses, and the overlap check against the benchmark's texts."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TRAIN_FILES = ("train_en.txt", "train_nl.txt")
EVAL_NL_DIR = DATA / "eval_nl"
LABEL = re.compile(r"^\[([0-9, ]*)\]\s*$")


@dataclass(frozen=True)
class Passage:
    text: str
    goals: frozenset[int]
    source: str  # file name and line


def read_passages(path: Path) -> list[Passage]:
    """Blocks of '[goals]' + text, separated by blank lines; '#' lines are comments."""
    out: list[Passage] = []
    goals: frozenset[int] | None = None
    lines: list[str] = []
    start = 0

    def flush():
        if goals is not None and lines:
            out.append(Passage(" ".join(lines), goals, f"{path.name}:{start}"))

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        match = LABEL.match(line)
        if match:
            flush()
            goals = frozenset(int(g) for g in match.group(1).replace(" ", "").split(",") if g)
            if any(not 1 <= g <= 17 for g in goals):
                raise ValueError(f"{path.name}:{number}: goals must be 1..17")
            lines, start = [], number
        elif not line:
            flush()
            goals, lines = None, []
        elif goals is not None:
            lines.append(line)
    flush()
    return out


def training_passages() -> list[Passage]:
    return [p for name in TRAIN_FILES for p in read_passages(DATA / name)]


def eval_nl_passages() -> list[Passage]:
    return [p for path in sorted(EVAL_NL_DIR.glob("*.txt")) for p in read_passages(path)]


# --- metrics as the SDG Classification Benchmark computes them -----------------------------------


def metrics(tp: int, fp: int, tn: int, fn: int) -> dict:
    n = tp + fp + tn + fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "n": n,
        "accuracy": (tp + tn) / n * 100 if n else 0.0,
        "precision": precision * 100,
        "recall": recall * 100,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
    }


def evaluate(passages: list[Passage], predicted: list[list[int]]) -> dict:
    """Per goal a binary decision for every passage (does it address the goal?), then the
    unweighted mean over the 17 goals, as the benchmark does."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for passage, goals in zip(passages, predicted, strict=True):
        got = set(goals)
        for goal in range(1, 18):
            expected, pred = goal in passage.goals, goal in got
            counts[goal][0 if expected and pred else 1 if pred else 2 if not expected else 3] += 1
    per_goal = {goal: metrics(*counts[goal]) for goal in range(1, 18)}
    keys = ("n", "accuracy", "precision", "recall", "f1", "tp", "fp", "tn", "fn")
    average = {k: sum(m[k] for m in per_goal.values()) / 17 for k in keys}
    return {"goals": per_goal, "average": average}


# --- overlap with the SDG Classification Benchmark ------------------------------------------------
# Same rules as ../shared/data/sdg-training/check_no_overlap.py: after normalisation (NFKC, lower
# case, white space collapsed), a text overlaps a benchmark text when they are equal, when both are
# at least 80 characters and share the first 80, or when both have at least 5 words and the Jaccard
# similarity of their word 5-gram sets is above 0.5.

PREFIX_LEN, NGRAM, JACCARD_MAX, MIN_LEN = 80, 5, 0.5, 20
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def shingles(normalised: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(normalised)
    return frozenset(tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1))


def benchmark_csv() -> Path | None:
    """The benchmark's CSV inside the installed package (found without importing it, which would
    import pandas), or SDG_BENCHMARK_CSV."""
    if env := os.environ.get("SDG_BENCHMARK_CSV"):
        return Path(env)
    try:
        spec = importlib.util.find_spec("sdgclassification.benchmark")
    except ImportError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "benchmark.csv"
    return path if path.exists() else None


class OverlapChecker:
    def __init__(self, texts: list[str]):
        self.texts = [normalise(t) for t in texts]
        self.exact = set(self.texts)
        self.prefix = {t[:PREFIX_LEN] for t in self.texts if len(t) >= PREFIX_LEN}
        self.sh = [shingles(t) for t in self.texts]
        self.index: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for i, s in enumerate(self.sh):
            for g in s:
                self.index[g].add(i)

    @classmethod
    def from_benchmark(cls) -> OverlapChecker | None:
        path = benchmark_csv()
        if path is None:
            return None
        with path.open(newline="", encoding="utf-8") as fh:
            return cls([row["text"] for row in csv.DictReader(fh)])

    def match(self, text: str) -> str | None:
        t = normalise(text)
        if len(t) < MIN_LEN:
            return None
        if t in self.exact:
            return "exact"
        if len(t) >= PREFIX_LEN and t[:PREFIX_LEN] in self.prefix:
            return "prefix"
        s = shingles(t)
        for i in {i for g in s for i in self.index.get(g, ())}:
            b = self.sh[i]
            if len(s & b) / len(s | b) > JACCARD_MAX:
                return "ngram"
        return None


def own_texts() -> list[tuple[str, str]]:
    """(where, text) for every text the classifier ships: passages, terms, calibration notes."""
    from .lexicon import DATA as LEX_DATA
    from .lexicon import lexicon

    out = [(p.source, p.text) for p in training_passages() + eval_nl_passages()]
    out += [(f"terms.txt: {t.text}", t.text) for t in lexicon().terms]
    for path in sorted(LEX_DATA.rglob("*")):
        if path.suffix in (".txt", ".md", ".json", ".tsv", ".csv") and path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if len(line.strip()) >= MIN_LEN:
                    out.append((f"{path.name}:{number}", line))
    return out


def overlaps(checker: OverlapChecker) -> list[tuple[str, str]]:
    """(where, kind) for every own text that overlaps a benchmark text."""
    return [(where, kind) for where, text in own_texts() if (kind := checker.match(text))]
