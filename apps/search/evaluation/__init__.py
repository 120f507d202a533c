"""The judged query set (queries.yaml) and its measures: zero-result rate, recall@5 and mean reciprocal
rank. A result counts when it is among the first five of its kind, as the search page shows them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).parent / "queries.yaml"
INDEPENDENT = Path(__file__).parent / "independent.yaml"  # a second set, written before the ranking changes of 4 December 2026
EVALUATOR = Path(__file__).parent / "evaluator.yaml"  # a third set, written by an evaluator who never saw the search code (4 December 2026)
KIND_OF_SOURCE = {"format": "format", "example": "example", "article": "article", "programme": "programme", "goal": "goal", "target": "goal"}


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Figures:
    queries: int
    zero_results: int
    recall_at_5: float
    mrr: float
    p95_ms: float
    misses: list[tuple[str, list[str]]]  # query, expected results not in the first five of their kind

    @property
    def zero_rate(self) -> float:
        return self.zero_results / self.queries if self.queries else 0.0


def evaluate(queries: list[dict], search=None) -> Figures:
    from apps.search.engine import search as default_search

    search = search or default_search
    recalls, rrs, times, misses, zero = [], [], [], [], 0
    for item in queries:
        start = time.perf_counter()
        result = search(item["q"])
        times.append((time.perf_counter() - start) * 1000)
        if not result.hits:
            zero += 1
        found, best, missing = 0, 0.0, []
        for expected in item["expect"]:
            source = expected.split(":", 1)[0]
            ranking = result.keys(KIND_OF_SOURCE[source])
            if expected in ranking[:5]:
                found += 1
                best = max(best, 1 / (ranking.index(expected) + 1))
            else:
                missing.append(expected)
        recalls.append(found / len(item["expect"]))
        rrs.append(best)
        if missing:
            misses.append((item["q"], missing))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)] if times else 0.0
    n = len(queries)
    return Figures(n, zero, sum(recalls) / n, sum(rrs) / n, p95, misses)
