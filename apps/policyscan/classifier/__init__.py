"""The Beleidsscan classifier: which of the 17 Global Goals (and which targets) a passage of Dutch or
English policy text addresses, with the reasons that produced the decision.

    from apps.policyscan.classifier import classify, detect_language, THRESHOLD
    results = classify(["De gemeente breidt de schuldhulpverlening uit ..."])
    for goal in results[0]:
        goal.goal, goal.score, goal.evidence, goal.targets

See docs/policyscan-classifier.md for the method and its measured quality."""

from __future__ import annotations

from dataclasses import dataclass

from .language import detect_language

__all__ = ["THRESHOLD", "Evidence", "GoalScore", "TargetScore", "classify", "detect_language", "predict_goals"]


@dataclass(frozen=True)
class Evidence:
    kind: str  # "term", "target" or "embedding"
    text: str  # the matched term as it appears, "11.6 <target text>", or the goal description used
    start: int | None  # character offsets in the passage for kind "term"; else None
    end: int | None
    weight: float  # contribution to the score


@dataclass(frozen=True)
class TargetScore:
    code: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class GoalScore:
    goal: int
    score: float  # 0..1; >= THRESHOLD means "addresses this goal"
    evidence: tuple[Evidence, ...]  # what produced the score; the weights add up to the score
    targets: tuple[TargetScore, ...]  # strongest targets where the evidence allows


from .model import THRESHOLD, classify, predict_goals  # noqa: E402
