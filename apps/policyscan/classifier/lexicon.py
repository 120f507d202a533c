"""The lexical layer: Dutch and English terms per goal and target (data/terms.txt), matched on word
boundaries with optional wildcards. Pure Python; the whole lexicon is indexed once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Term:
    goal: int
    target: str | None
    weight: float
    lang: str
    text: str  # as written in terms.txt
    words: tuple[tuple[str, str], ...]  # (kind, stem) per word; kind: exact, prefix, suffix, infix


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int


def _word(raw: str) -> tuple[str, str]:
    lead, trail = raw.startswith("*"), raw.endswith("*")
    stem = raw.strip("*")
    kind = "infix" if lead and trail else "suffix" if lead else "prefix" if trail else "exact"
    return kind, stem


def parse_terms(text: str) -> list[Term]:
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, body = line.partition("|")
        try:
            goal, target, weight, lang = head.split()
            goal_n, weight_f = int(goal), float(weight)
        except ValueError as exc:
            raise ValueError(f"terms.txt line {number}: expected 'GOAL TARGET WEIGHT LANG | terms'") from exc
        if not 1 <= goal_n <= 17 or lang not in ("nl", "en"):
            raise ValueError(f"terms.txt line {number}: goal 1..17 and language nl or en")
        for raw in body.split(";"):
            raw = " ".join(raw.lower().split())
            if not raw:
                continue
            words = tuple(_word(w) for w in _split_words(raw))
            if words:
                terms.append(Term(goal_n, None if target == "-" else target, weight_f, lang, raw, words))
    return terms


def _split_words(raw: str) -> list[str]:
    # keep wildcards attached to the word they belong to
    out = []
    for chunk in raw.split():
        stars_front, stars_back = chunk.startswith("*"), chunk.endswith("*")
        tokens = TOKEN.findall(chunk)
        if not tokens:
            continue
        if stars_front:
            tokens[0] = "*" + tokens[0]
        if stars_back:
            tokens[-1] = tokens[-1] + "*"
        out.extend(tokens)
    return out


def _plurals(stem: str) -> tuple[str, ...]:
    """Plural forms an exact term also matches: English and Dutch -s, -es, -en, English -y -> -ies."""
    if len(stem) < 3 or not stem[-1].isalpha():
        return ()
    out = (stem + "s", stem + "es", stem + "en")
    return out + (stem[:-1] + "ies",) if stem.endswith("y") else out


def _singulars(token: str) -> tuple[str, ...]:
    out = []
    for suffix in ("s", "es", "en"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            out.append(token[: -len(suffix)])
    if token.endswith("ies") and len(token) > 5:
        out.append(token[:-3] + "y")
    return tuple(out)


class Lexicon:
    """Index of terms by the first word; match() finds every term in a text. A word without a
    wildcard also matches its plural (-s, -es, -en, -ies)."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.exact: dict[str, list[Term]] = {}
        self.prefix: dict[str, list[Term]] = {}
        self.suffix: dict[str, list[Term]] = {}
        self.infix: list[tuple[str, Term]] = []
        for term in terms:
            kind, stem = term.words[0]
            if kind == "exact":
                self.exact.setdefault(stem, []).append(term)
            elif kind == "prefix":
                self.prefix.setdefault(stem, []).append(term)
            elif kind == "suffix":
                self.suffix.setdefault(stem, []).append(term)
            else:
                self.infix.append((stem, term))
        self._cache: dict[str, list[Term]] = {}
        self.prefix_lengths = sorted({len(s) for s in self.prefix})
        self.suffix_lengths = sorted({len(s) for s in self.suffix})

    @staticmethod
    def _word_matches(kind: str, stem: str, token: str) -> bool:
        if kind == "exact":
            return token == stem or token in _plurals(stem)
        if kind == "prefix":
            return token.startswith(stem)
        if kind == "suffix":
            return token.endswith(stem)
        return stem in token

    def _first(self, token: str) -> list[Term]:
        """Terms whose first word matches the token, longest term first (cached per token)."""
        cached = self._cache.get(token)
        if cached is None:
            cached = sorted(self._lookup(token), key=lambda t: -len(t.words))
            if len(self._cache) < 200_000:
                self._cache[token] = cached
        return cached

    def _lookup(self, token: str) -> list[Term]:
        found = list(self.exact.get(token, ()))
        for singular in _singulars(token):
            found.extend(t for t in self.exact.get(singular, ()) if token in _plurals(singular))
        for n in self.prefix_lengths:
            if n > len(token):
                break
            found.extend(self.prefix.get(token[:n], ()))
        for n in self.suffix_lengths:
            if n > len(token):
                break
            found.extend(self.suffix.get(token[-n:], ()))
        found.extend(term for stem, term in self.infix if stem in token)
        return found

    def match(self, text: str, langs: tuple[str, ...] = ("nl", "en")) -> list[Hit]:
        """Every term hit, longest term first at a position; a token is used by one term per goal."""
        tokens = [(m.group(0).lower(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        hits: list[Hit] = []
        taken: set[tuple[int, int]] = set()  # (goal, token index) already covered
        for i, (token, start, _) in enumerate(tokens):
            for term in self._first(token):
                if term.lang not in langs:
                    continue
                n = len(term.words)
                if i + n > len(tokens):
                    continue
                if any((term.goal, j) in taken for j in range(i, i + n)):
                    continue
                if all(self._word_matches(k, s, tokens[i + j][0]) for j, (k, s) in enumerate(term.words[1:], start=1)):
                    hits.append(Hit(term, start, tokens[i + n - 1][2]))
                    taken.update((term.goal, j) for j in range(i, i + n))
        return hits


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(parse_terms((DATA / "terms.txt").read_text(encoding="utf-8")))
