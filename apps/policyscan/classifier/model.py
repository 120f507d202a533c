"""Scoring: combines the layers into one calibrated score per goal and splits it over its evidence."""

from __future__ import annotations

from collections import defaultdict

from . import Evidence, GoalScore, TargetScore
from .language import detect_language
from .lexicon import lexicon

THRESHOLD = 0.5
REPEAT = 0.3  # a term that occurs again counts for this share of its weight
HALF = 1.5  # raw lexical weight at which the score reaches 0.5


def _langs(language: str) -> tuple[str, ...]:
    return (language,) if language in ("nl", "en") else ("nl", "en")


def _score_passage(text: str, language: str) -> list[GoalScore]:
    hits = lexicon().match(text, _langs(language))
    seen: dict[tuple[int, str], int] = defaultdict(int)
    contributions: dict[int, list[tuple[float, object]]] = defaultdict(list)
    for hit in hits:
        key = (hit.term.goal, text[hit.start : hit.end].lower())
        factor = 1.0 if seen[key] == 0 else REPEAT
        seen[key] += 1
        contributions[hit.term.goal].append((hit.term.weight * factor, hit))
    out: list[GoalScore] = []
    for goal, parts in contributions.items():
        raw = sum(c for c, _ in parts)
        score = raw / (raw + HALF)
        scale = score / raw
        evidence = tuple(Evidence("term", text[h.start : h.end], h.start, h.end, c * scale) for c, h in parts)
        by_target: dict[str, list[Evidence]] = defaultdict(list)
        for ev, (_, h) in zip(evidence, parts, strict=True):
            if h.term.target:
                by_target[h.term.target].append(ev)
        targets = sorted(
            (TargetScore(code, sum(e.weight for e in evs), tuple(evs)) for code, evs in by_target.items()),
            key=lambda t: (-t.score, t.code),
        )[:3]
        out.append(GoalScore(goal, score, evidence, tuple(targets)))
    out.sort(key=lambda g: (-g.score, g.goal))
    return out


def classify(passages: list[str], *, language: str | None = None) -> list[list[GoalScore]]:
    """Per passage, the goals scoring at least THRESHOLD, strongest first."""
    results = []
    for text in passages:
        lang = language or detect_language(text)
        results.append([g for g in _score_passage(text, lang) if g.score >= THRESHOLD])
    return results


def predict_goals(text: str) -> list[int]:
    """Goal numbers for one text (the SDG Classification Benchmark's interface)."""
    return [g.goal for g in classify([text])[0]]
