"""Reading the search index: one ``search()`` over formats, practice examples, articles, programmes,
goals and targets, the same on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm).

The database finds the candidates (any token of the query, best first by its own rank, at most
CANDIDATES); the ranking is computed here in Python from the analysed tokens, so both databases
order the results the same way. A query is a list of *concepts* (one per meaningful word; a compound
gives one per part), each a set of alternative tokens: the word's stems, its synonym groups and, for
a part, the whole compound. Words the index does not know are corrected to the nearest word of the
index by trigram similarity (pg_trgm on PostgreSQL, the same measure in Python on SQLite)."""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection

from . import text
from .models import Kind, SearchDocument, SearchTerm

CANDIDATES = 400
TYPO_SIMILARITY = 0.4
# BM25F: a concept's occurrences are weighted per field and summed, then saturated (K1).
FIELD_WEIGHTS = (3.0, 1.5, 1.0)  # title, summary, every other text
SYNONYM_WEIGHT = 0.5  # an occurrence through a synonym group counts half an occurrence of the word itself
K1 = 1.2
TITLE_COVERAGE = 1.25  # every concept of the query in the title
GOAL_TIE_BREAK = 0.05  # at most 5 % for serving every goal of the query: orders near-equal results
POPULARITY = 0.02  # times log(1 + uses): about 5 % for a format used 10 times
GOAL_REFERENCE = re.compile(r"\b(?:doel|doelen|goal|goals|sdg|sdgs)\s*(\d{1,2})\b")
MAX_WORDS = 12


# --- vocabulary (cached per process, reloaded when the index words change) ----------------------


@dataclass
class Vocabulary:
    stamp: tuple
    words: set[str]
    df: dict[str, int]  # token -> documents
    documents: int
    word_df: dict[str, int] = field(default_factory=dict)  # word -> documents (the tie-break of corrections)
    trigram_index: dict[str, list[str]] = field(default_factory=dict)

    def similar(self, word: str, limit: int = 3) -> list[tuple[float, str]]:
        """Words of the index most like ``word`` (pg_trgm similarity), best first."""
        if not self.trigram_index:
            index = defaultdict(list)
            for w in self.words:
                for t in text.trigrams(w):
                    index[t].append(w)
            self.trigram_index = dict(index)
        seen = {w for t in text.trigrams(word) for w in self.trigram_index.get(t, ())}
        scored = [(text.similarity(word, w), w) for w in seen]
        scored = [(s, w) for s, w in scored if s >= TYPO_SIMILARITY]
        scored.sort(key=lambda sw: (-sw[0], -self.word_df.get(sw[1], 0), sw[1]))
        return scored[:limit]


_cache: dict[str, Vocabulary] = {}
_lock = threading.Lock()


def _state() -> tuple[tuple, bool]:
    """The stamp of the index words (their number and last id) and whether changes are pending, in
    one statement: every search asks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id), EXISTS (SELECT 1 FROM search_pendingchange) FROM search_searchterm")
        n, last, pending = cursor.fetchone()
    return (connection.settings_dict.get("NAME"), n, last), bool(pending)


def vocabulary(stamp: tuple | None = None) -> Vocabulary:
    stamp = stamp or _state()[0]
    cached = _cache.get("vocabulary")
    if cached and cached.stamp == stamp:
        return cached
    word_df, df = {}, {}
    for word, token, documents in SearchTerm.objects.values_list("word", "token", "documents"):
        (df if token else word_df)[word] = documents
    vocab = Vocabulary(stamp, set(word_df), df, SearchDocument.objects.count(), word_df)
    with _lock:
        _cache["vocabulary"] = vocab
    return vocab


# --- the query ----------------------------------------------------------------------------------


@dataclass
class Concept:
    word: str  # as understood (after a correction)
    tokens: frozenset[str]

    @property
    def exact(self) -> frozenset[str]:
        """The stems of the word itself (and of the compound it is part of)."""
        return frozenset(t for t in self.tokens if not text.is_group_token(t))

    @property
    def groups(self) -> frozenset[str]:
        """The synonym groups the word belongs to."""
        return frozenset(t for t in self.tokens if text.is_group_token(t))


@dataclass
class ParsedQuery:
    concepts: list[Concept]
    corrections: dict[str, str]  # typed word -> word of the index used instead
    goals: list[int]  # goals named in the query or found by the policy-scan classifier
    unknown: list[str]  # words neither in the index nor close to a word of it


def _close_in_length(word: str, candidate: str) -> bool:
    """A correction keeps about the length of the typed word ('meenemen' is not 'men')."""
    return abs(len(candidate) - len(word)) <= max(3, len(word) // 3)


def _similar_words(word: str, vocab: Vocabulary) -> list[str]:
    return [w for w in _trigram_neighbours(word, vocab) if _close_in_length(word, w)]


def _trigram_neighbours(word: str, vocab: Vocabulary) -> list[str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchterm WHERE token = false AND word %% %s AND similarity(word, %s) >= %s "
                "ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT 5",
                [word, word, TYPO_SIMILARITY, word],
            )
            return [row[0] for row in cursor.fetchall()]
    return [w for _, w in vocab.similar(word, limit=5)]


@lru_cache(maxsize=2048)
def _query_goals(query: str) -> tuple[int, ...]:
    named = [int(n) for n in GOAL_REFERENCE.findall(text.normalise(query)) if 1 <= int(n) <= 17]
    from apps.policyscan.classifier import classify

    found = [g.goal for g in classify([query[:300]])[0]]
    return tuple(dict.fromkeys(named + found))


def query_goals(query: str) -> list[int]:
    """Goals the query names ("doel 7", "SDG 13") and those the policy-scan classifier finds in it.
    The classifier reads only its own files, so its answer is kept per query (per process)."""
    return list(_query_goals(query))


def parse(query: str, vocab: Vocabulary | None = None) -> ParsedQuery:
    vocab = vocab or vocabulary()
    all_words = text.words(query, stop=False)[: MAX_WORDS * 2]
    syn = text.synonyms()
    seq = [text.stem(w) for w in all_words]
    phrase_groups: dict[int, set[str]] = defaultdict(set)  # word position -> groups of a phrase covering it
    for i, s in enumerate(seq):
        for phrase, token in syn.multi.get(s, ()):
            if tuple(seq[i : i + len(phrase)]) == phrase:
                for j in range(i, i + len(phrase)):
                    phrase_groups[j].add(token)

    def alternatives(word: str) -> set[str]:
        return set(text.stems(word)) | set(syn.single.get(text.stem(word), ()))

    def known(tokens) -> bool:
        return any(t in vocab.df for t in tokens)

    concepts, corrections, unknown = [], {}, []
    for i, word in enumerate(all_words):
        if word in text.STOPWORDS or len(concepts) >= MAX_WORDS:
            continue
        whole = alternatives(word) | phrase_groups.get(i, set())
        parts = text.split_compound(word, vocab.words)
        if not known(whole) and not (parts and all(known(alternatives(p)) for p in parts)) and not word.isdigit():
            similar = _similar_words(word, vocab)
            if similar:
                corrections[word] = similar[0]
                word = similar[0]
                whole = alternatives(word) | phrase_groups.get(i, set())
                parts = text.split_compound(word, vocab.words)
            else:
                unknown.append(word)
                continue
        if parts:
            for part in parts:
                concepts.append(Concept(part, frozenset(alternatives(part) | whole)))
        else:
            concepts.append(Concept(word, frozenset(whole)))
    return ParsedQuery(concepts, corrections, query_goals(query) if all_words else [], unknown)


# --- candidates (the database) ------------------------------------------------------------------


def _concept_query(tokens, *, postgres: bool, title: bool = False) -> str:
    tokens = sorted(t for t in tokens if t.isalnum())
    if postgres:
        return " | ".join(tokens)
    alternatives = " OR ".join(f'"{t}"' for t in tokens)
    return f"{{title}} : ({alternatives})" if title else alternatives


def matches(concepts: list[Concept], *, kinds: list[str] | None = None, goal: int | None = None) -> dict[int, list[int]]:
    """Per document holding any concept of the query (of ``kinds``, serving ``goal``): per concept 2
    (found in the title), 1 (found elsewhere) or 0. Set membership only, no ranking, so both databases
    give the same answer: PostgreSQL with one statement (the GIN index of the stored tsvector finds
    the documents; two small tsvectors without positions say where each concept is), SQLite with two
    FTS5 statements per concept."""
    found: dict[int, list[int]] = {}
    if not concepts:
        return found
    where, params = [], []
    if kinds:
        where.append("d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
        params += list(kinds)
    if goal:
        where.append("(' ' || d.goals || ' ') LIKE %s")
        params.append(f"% {int(goal)} %")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            any_query = " | ".join(_concept_query(c.tokens, postgres=True) for c in concepts)
            columns = ", ".join(
                "(search_vector @@ to_tsquery('simple', %s))::int + (title_vector @@ to_tsquery('simple', %s))::int" for _ in concepts
            )
            column_params = [q for c in concepts for q in [_concept_query(c.tokens, postgres=True)] * 2]
            cursor.execute(
                f"SELECT id, {columns} FROM search_searchdocument d WHERE search_vector @@ to_tsquery('simple', %s)"  # noqa: S608 - placeholders only
                + "".join(f" AND {w}" for w in where),
                [*column_params, any_query, *params],
            )
            for pk, *levels in cursor.fetchall():
                found[pk] = levels
            return found
        join = " JOIN search_searchdocument d ON d.id = search_fts.rowid" if where else ""
        for i, concept in enumerate(concepts):
            for level, title in ((1, False), (2, True)):
                cursor.execute(
                    f"SELECT search_fts.rowid FROM search_fts{join} WHERE search_fts MATCH %s"  # noqa: S608 - placeholders only
                    + "".join(f" AND {w}" for w in where),
                    [_concept_query(concept.tokens, postgres=False, title=title), *params],
                )
                for (pk,) in cursor.fetchall():
                    found.setdefault(pk, [0] * len(concepts))[i] = level
    return found


def candidates(concepts: list[Concept], idf: list[float], **filters) -> dict[int, list[int]]:
    """The documents worth ranking, at most CANDIDATES, with their ``matches`` levels: those holding
    the most (and the rarest) concepts of the query, a title match counting as much as the title's
    field weight. Only these are fetched and ranked (engine.score): no database rank over every
    match (ts_rank over every matching row was most of PostgreSQL's time)."""
    found = matches(concepts, **filters)
    if len(found) <= CANDIDATES:
        return found
    weight = {0: 0.0, 1: 1.0, 2: FIELD_WEIGHTS[0]}

    def estimate(item):
        pk, levels = item
        return (-sum(w * weight[level] for w, level in zip(idf, levels, strict=True)), pk)

    return dict(sorted(found.items(), key=estimate)[:CANDIDATES])


# --- ranking ------------------------------------------------------------------------------------


ROW_FIELDS = ("pk", "kind", "source", "key", "object_id", "title_nl", "goals", "popularity", "title_terms", "summary_terms", "body_terms")


@dataclass
class Hit:
    pk: int
    kind: str
    source: str
    key: str
    object_id: int
    title_nl: str
    goal_numbers: list[int]
    popularity: int
    score: float = 0.0
    matched: int = 0  # concepts found
    document: SearchDocument | None = None  # loaded for the hits shown (SearchResult.load)


@dataclass
class SearchResult:
    query: str
    parsed: ParsedQuery
    hits: list[Hit]  # best first, every kind

    def by_kind(self) -> dict[str, list[Hit]]:
        groups: dict[str, list[Hit]] = {k: [] for k in Kind.values}
        for hit in self.hits:
            groups[hit.kind].append(hit)
        return groups

    def keys(self, kind: str | None = None) -> list[str]:
        """'format:slug', 'goal:7', 'target:7.1' ... in rank order (for evaluation and tests)."""
        return [f"{h.source}:{h.key}" for h in self.hits if kind is None or h.kind == kind]

    @staticmethod
    def load(hits: list[Hit]) -> list[Hit]:
        """Fill in the documents (display texts) of ``hits`` in one query."""
        documents = SearchDocument.objects.defer("title_terms", "summary_terms", "body_terms").in_bulk([h.pk for h in hits if h.document is None])
        for hit in hits:
            hit.document = hit.document or documents.get(hit.pk)
        return hits


def score(hit: Hit, fields: list[str], levels: list[int], concepts: list[tuple], idf: list[float], goals: set[int]) -> tuple[float, int]:
    """BM25F over the fields (title, summary, the rest; stored terms, see text.Analysed.terms) with
    term frequencies; synonyms count half; times coverage (share of the concepts found), a boost when
    the title holds every concept, and small tie-breakers: the goals of the query, popularity.
    ``levels``: per concept, where the database found it (``matches``: 2 title, 1 elsewhere, 0 not);
    ``concepts``: per concept of the query, its exact tokens and its synonym groups, padded by spaces."""
    total, matched, in_title = 0.0, 0, 0
    for level, (exact, groups), weight in zip(levels, concepts, idf, strict=True):
        if not level:
            continue
        tf = 0.0
        start = 0 if level == 2 else 1  # not in the title: only the other fields need counting
        for field_weight, terms in zip(FIELD_WEIGHTS[start:], fields[start:], strict=True):
            n = 0.0
            for t in exact:
                n += terms.count(t)
            for t in groups:
                n += SYNONYM_WEIGHT * terms.count(t)
            tf += field_weight * n
        if tf:
            matched += 1
            in_title += level == 2
            total += weight * tf * (K1 + 1) / (tf + K1)
    if not matched:
        return 0.0, 0
    coverage = matched / len(concepts)
    total *= (0.2 + 0.8 * coverage) ** 2
    if in_title == len(concepts):
        total *= TITLE_COVERAGE
    if goals:
        total *= 1 + GOAL_TIE_BREAK * len(goals & set(hit.goal_numbers)) / len(goals)
    if hit.source == "goal":
        total *= 1.5
    total *= 1 + POPULARITY * math.log1p(hit.popularity)
    return total, matched


def _rows(ids: list[int]):
    """The ranking fields of documents ``ids`` (one statement)."""
    if not ids:
        return []
    columns = ", ".join("id" if f == "pk" else f for f in ROW_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns} FROM search_searchdocument WHERE id = ANY(%s)", [ids])  # noqa: S608 - constant columns
        else:
            cursor.execute(f"SELECT {columns} FROM search_searchdocument WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)  # noqa: S608
        return cursor.fetchall()


def search(query: str, *, kinds: list[str] | None = None, goal: int | None = None) -> SearchResult:
    """Every document matching ``query`` (optionally only of ``kinds`` and serving ``goal``), best
    first. The hits carry what ranking needs; ``SearchResult.load`` adds the display texts."""
    query = " ".join((query or "").split())[:200]
    from .index import apply_pending

    stamp, pending = _state()
    if pending:
        apply_pending()
        stamp = None
    vocab = vocabulary(stamp)
    parsed = parse(query, vocab)
    hits: list[Hit] = []
    if parsed.concepts:
        n = max(vocab.documents, 1)
        idf = [math.log(1 + n / (1 + max((vocab.df.get(t, 0) for t in c.tokens), default=0))) for c in parsed.concepts]
        found = candidates(parsed.concepts, idf, kinds=kinds, goal=goal)
        wanted = set(parsed.goals)
        ranking = [([f" {t} " for t in c.exact], [f" {t} " for t in c.groups]) for c in parsed.concepts]
        for pk, kind, source, key, object_id, title_nl, goals, popularity, *terms in _rows(sorted(found)):
            hit = Hit(pk, kind, source, key, object_id, title_nl, [int(g) for g in goals.split()], popularity)
            hit.score, hit.matched = score(hit, terms, found[pk], ranking, idf, wanted)
            if hit.score > 0:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.kind, h.title_nl, h.pk))
    return SearchResult(query, parsed, hits)


def popular_formats(goals: list[int], limit: int = 5) -> list[SearchDocument]:
    """The most-used action formats serving any of ``goals`` (the most-used overall without goals)."""
    documents = SearchDocument.objects.filter(kind=Kind.FORMAT)
    if goals:
        pattern = r"(^| )(" + "|".join(str(int(g)) for g in goals) + r")( |$)"
        documents = documents.filter(goals__regex=pattern)
    return list(documents.order_by("-popularity", "title_nl")[:limit])


def ranked(queryset, query: str, source: str):
    """``queryset`` (of the model behind ``source``) narrowed to what the search finds for ``query``,
    in its order: how the Menukaart list and the knowledge base search."""
    from django.db.models import Case, IntegerField, Value, When

    kind = {"format": Kind.FORMAT, "article": Kind.ARTICLE, "example": Kind.EXAMPLE, "programme": Kind.PROGRAMME}[source]
    ids = [hit.object_id for hit in search(query, kinds=[kind]).hits if hit.source == source]
    if not ids:
        return queryset.none()
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return queryset.filter(pk__in=ids).annotate(search_order=order).order_by("search_order")
