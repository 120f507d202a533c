"""Scoring: combines the layers into one calibrated score per goal and splits it over its evidence.

For a passage and a goal:

    lexical = log(1 + sum of the weights of the goal's terms found; a repeated term counts REPEAT)
    target  = the highest cosine similarity of the passage to one of the goal's target texts
    context = the second stage's logit for the goal (rescore.py: a linear model over the stems of
              the whole passage), computed only for goals with a term or target-text match
    score   = sigmoid(bias + a * lexical + b * target + c * context)

a, b, c and bias are fitted on the classifier's own labelled training passages (calibrate.py, stored
in data/calibration.json), so that score >= THRESHOLD (0.5) means "addresses this goal". The evidence
of a goal is exactly its contributions: a * lexical, split over the term hits in proportion to their
weights, b * target as one "target" item and c * context as one "context" item (negative when the
passage's wording speaks against the goal); their weights are scaled to add up to the score."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import Evidence, GoalScore, TargetScore
from .language import detect_language
from .lexicon import Hit, lexicon
from .rescore import rescorer
from .targets import TargetDoc, target_index

THRESHOLD = 0.5
REPEAT = 0.3  # a term that occurs again counts for this share of its weight
NAME_SHARE = 0.3  # a strong term inside an organisation's name counts for this share of its weight
MAX_TARGETS = 3
TARGET_SIMILARITY = 0.3  # the least similarity to a target text for it to name the target
CANDIDATE_SIMILARITY = 0.1  # without a term, a goal is a candidate only from this target similarity on
CALIBRATION = Path(__file__).resolve().parent / "data" / "calibration.json"


@dataclass(frozen=True)
class Params:
    bias: float
    lexical: float
    target: float
    rescore: float


@lru_cache(maxsize=1)
def params() -> Params:
    data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
    return Params(data["bias"], data["lexical"], data["target"], data["rescore"])


def langs_for(language: str) -> tuple[str, ...]:
    return (language,) if language in ("nl", "en") else ("nl", "en")


@dataclass
class Features:
    """The raw layer outputs for one passage and one goal."""

    hits: list[tuple[float, Hit]]  # (weight after repeats, hit)
    target: tuple[float, TargetDoc] | None  # best target similarity
    context: float = 0.0  # the second stage's logit (set by score_passage)

    @property
    def lexical(self) -> float:
        return math.log1p(sum(w for w, _ in self.hits))

    @property
    def similarity(self) -> float:
        return self.target[0] if self.target else 0.0


def features(text: str, language: str) -> dict[int, Features]:
    langs = langs_for(language)
    out: dict[int, Features] = defaultdict(lambda: Features([], None))
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for hit in lexicon().match(text, langs):
        if _negative_context(text, hit):
            continue
        key = (hit.term.goal, text[hit.start : hit.end].lower())
        weight = hit.term.weight * (NAME_SHARE if _in_name(text, hit) else 1.0)
        out[hit.term.goal].hits.append((weight * (1.0 if seen[key] == 0 else REPEAT), hit))
        seen[key] += 1
    for goal, ranked in target_index().best_per_goal(text, langs).items():
        out[goal].target = ranked[0]
    # a candidate needs specific evidence: a term, or a target text the passage clearly resembles
    return {goal: f for goal, f in out.items() if f.hits or f.similarity >= CANDIDATE_SIMILARITY}


_SENTENCE_START = ".!?:;\n•(\"'“‘"


_CAPITALISED = re.compile(r"[A-Z][\w-]*")


def _in_name(text: str, hit: Hit) -> bool:
    """A strong term inside an organisation's name ("GGD Hollands Noorden", "Veiligheidsregio
    Noord-Holland Noord", "Rekenkamercommissie Den Helder"): capitalised, not at a sentence start,
    or an abbreviation, and followed by another capitalised word. Such a hit names who, not what."""
    word = text[hit.start : hit.end]
    if not word[:1].isupper():
        return False
    before = text[: hit.start].rstrip()
    if not word.isupper() and (not before or before[-1] in _SENTENCE_START):
        return False
    return bool(_CAPITALISED.match(text[hit.end :].lstrip(" ")[:40])) and text[hit.end : hit.end + 1] == " "


def _negative_context(text: str, hit: Hit) -> bool:
    """A hit that does not mean what the term means here: a weak term written with a capital in the
    middle of a sentence is part of a name ("Ipse de Bruggen", "Stichting Wonen Breburg"), and
    "inclusive of" is a preposition ("inclusive of VAT")."""
    word = text[hit.start : hit.end]
    if hit.term.weight < 1.0 and word[:1].isupper() and not word.isupper():
        before = text[: hit.start].rstrip()
        if before and before[-1] not in _SENTENCE_START:
            return True
    following = text[hit.end : hit.end + 12].lower().split()[:2]
    if (
        word.lower() in ("zorg", "zorgen")
        and following
        and (following[0] in ("ervoor", "dat", "er") or word.lower() == "zorgen" and following[0] == "voor")
    ):
        return True  # the verb: "zorg ervoor dat", "zorgen voor"
    if word.lower() == "energie" and _effort(text, hit):
        return True  # "veel energie gestoken in": effort, not power
    if word.lower() == "inclusief":
        return True  # Dutch writes the adjective inflected ("een inclusieve samenleving"); bare it means "including"
    return word.lower() == "inclusive" and text[hit.end : hit.end + 4].lower() == " of "


_EFFORT_BEFORE = frozenset(["veel", "zoveel", "zo", "extra", "alle", "al", "onze", "hun", "zijn", "haar", "mijn", "jullie", "nieuwe", "positieve"])
_EFFORT_AFTER = re.compile(
    r"^(?:\W+\w+){0,4}?\W+(?:steken|steekt|stak|staken|gestoken|stoppen|stopt|gestopt|kost|kostte|kosten|vergt|vraagt|gaf|geeft|krijg|krijgen|kreeg)\b"
)


def _effort(text: str, hit: Hit) -> bool:
    """ "energie" as effort: "veel energie", "energie in iets steken", "dat kost energie"."""
    before = re.findall(r"\w+", text[max(0, hit.start - 30) : hit.start].lower())
    if before and before[-1] in _EFFORT_BEFORE:
        return True
    if before and before[-1] in ("kost", "kostte", "vergt", "vraagt", "steken", "steekt", "stak", "staken"):
        return True
    return bool(_EFFORT_AFTER.match(text[hit.end : hit.end + 50].lower()))


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -50 else 0.0


CONTEXT_TEXT = "context: the wording of the whole passage (second stage)"


def raw_score(f: Features, p: Params) -> float:
    return sigmoid(p.bias + p.lexical * f.lexical + p.target * f.similarity + p.rescore * f.context)


def _goal_score(text: str, goal: int, f: Features, p: Params) -> GoalScore:
    lexical_part = p.lexical * f.lexical
    target_part = p.target * f.similarity
    context_part = p.rescore * f.context
    score = raw_score(f, p)
    total = lexical_part + target_part + context_part
    if total <= 0 < lexical_part + target_part:  # only below the threshold: the positive evidence
        context_part, total = 0.0, lexical_part + target_part
    elif total <= 0:  # a candidate by target resemblance alone, far below the threshold
        context_part = total = 1.0
    scale = score / total
    raw_sum = sum(w for w, _ in f.hits)
    evidence: list[Evidence] = []
    by_target: dict[str, list[Evidence]] = defaultdict(list)
    for w, hit in f.hits:
        ev = Evidence("term", text[hit.start : hit.end], hit.start, hit.end, lexical_part * (w / raw_sum) * scale)
        evidence.append(ev)
        if hit.term.target:
            by_target[hit.term.target].append(ev)
    if f.target and f.similarity >= CANDIDATE_SIMILARITY:
        # shown even when the calibrated weight of the target layer is 0: the resemblance is what
        # made the goal a candidate; it names the target only when it adds to the score
        doc = f.target[1]
        ev = Evidence("target", f"{doc.code} {doc.text}", None, None, target_part * scale)
        evidence.append(ev)
        if target_part > 0 and f.similarity >= TARGET_SIMILARITY:  # a vague resemblance names no target
            by_target[doc.code].append(ev)
    if context_part:
        evidence.append(Evidence("context", CONTEXT_TEXT, None, None, context_part * scale))
    targets = sorted(
        (TargetScore(code, sum(e.weight for e in evs), tuple(evs)) for code, evs in by_target.items()),
        key=lambda t: (-t.score, t.code),
    )[:MAX_TARGETS]
    evidence.sort(key=lambda e: -e.weight)
    return GoalScore(goal, score, tuple(evidence), tuple(targets))


def score_passage(text: str, language: str | None = None, *, minimum: float = 0.0) -> list[GoalScore]:
    """Every goal with any evidence scoring at least minimum, strongest first."""
    p = params()
    language = language or detect_language(text)
    feats = features(text, language)
    if feats:
        logits = rescorer().logits(text, language)
        for goal, f in feats.items():
            f.context = logits[goal - 1]
    out = [_goal_score(text, goal, f, p) for goal, f in feats.items() if raw_score(f, p) >= minimum]
    out.sort(key=lambda g: (-g.score, g.goal))
    return out


def classify(passages: list[str], *, language: str | None = None) -> list[list[GoalScore]]:
    """Per passage, the goals scoring at least THRESHOLD, strongest first.

    language: "nl" or "en" for all passages, or None to detect it per passage. The cost is linear in
    the text; the term and target indexes are built once per process."""
    lexicon(), target_index(), params(), rescorer()
    done: dict[str, list[GoalScore]] = {}  # running headers and repeated boilerplate are scored once
    out = []
    for text in passages:
        if text not in done:
            done[text] = score_passage(text, language, minimum=THRESHOLD)
        out.append(list(done[text]))
    return out


def predict_goals(text: str) -> list[int]:
    """Goal numbers for one text (the SDG Classification Benchmark's interface)."""
    return [g.goal for g in classify([text])[0]]
