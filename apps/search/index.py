"""Writing the search index: what each findable thing contributes, a full rebuild (``manage.py
search_index``, the task, the demo), and the batch of pending changes the signals leave."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import text
from .models import Kind, PendingChange, SearchDocument, SearchTerm


@dataclass
class Source:
    """What one object contributes to the index, before analysis."""

    kind: str
    source: str
    object_id: int
    key: str
    title_nl: str
    title_en: str
    summary_nl: str
    summary_en: str
    body: str  # every other searchable text, both languages
    goals: list[int]
    popularity: int = 0
    route: tuple[str, str] = ("", "")

    @property
    def title_text(self) -> str:
        return f"{self.title_nl} {self.title_en}"

    @property
    def summary_text(self) -> str:
        return f"{self.summary_nl} {self.summary_en}"

    @property
    def full_text(self) -> str:
        return f"{self.title_nl} {self.title_en} {self.summary_nl} {self.summary_en} {self.body}"


def _goal_words(numbers, goal_titles) -> str:
    return " ".join(goal_titles.get(n, "") for n in numbers)


def _goal_titles() -> dict[int, str]:
    from apps.goals.models import Goal

    return {g.number: f"{g.title_short_nl} {g.title_short_en}" for g in Goal.objects.only("number", "title_short_nl", "title_short_en")}


def format_sources(queryset=None, goal_titles=None):
    from apps.menukaart.models import ActionFormat, Activity

    goal_titles = goal_titles if goal_titles is not None else _goal_titles()
    qs = (
        (queryset if queryset is not None else ActionFormat.objects.all()).filter(published=True).select_related("category").prefetch_related("goals")
    )
    qs = qs.annotate(used=Count("activities", filter=Q(activities__status__in=[Activity.Status.PLANNED, Activity.Status.DONE])))
    for f in qs:
        numbers = sorted(g.number for g in f.goals.all())
        body = " ".join(
            [f.description_nl, f.description_en, f.steps_nl, f.steps_en, f.category.name_nl, f.category.name_en, _goal_words(numbers, goal_titles)]
        )
        yield Source(
            Kind.FORMAT,
            "format",
            f.pk,
            f.slug,
            f.title_nl,
            f.title_en,
            f.summary_nl,
            f.summary_en,
            body,
            numbers,
            f.used,
            ("menukaart:format", f.slug),
        )


def example_sources(queryset=None, goal_titles=None):
    from apps.menukaart.models import PracticeExample

    goal_titles = goal_titles if goal_titles is not None else _goal_titles()
    qs = (queryset if queryset is not None else PracticeExample.objects.all()).filter(status=PracticeExample.Status.PUBLISHED)
    for e in qs.select_related("municipality", "action_format").prefetch_related("goals"):
        numbers = sorted(g.number for g in e.goals.all())
        answers = " ".join(getattr(e, q) for q in e.QUESTIONS)
        summary = e.q_integral[:300] or e.q_policy[:300]
        route = ("menukaart:format", e.action_format.slug) if e.action_format else ("pages:municipality", e.municipality.slug)
        body = " ".join(
            [answers, e.municipality.display_name, e.action_format.title_nl if e.action_format else "", _goal_words(numbers, goal_titles)]
        )
        yield Source(Kind.EXAMPLE, "example", e.pk, e.title, e.title, e.title, summary, "", body, numbers, 0, route)


def article_sources(queryset=None, goal_titles=None):
    from apps.knowledge.models import Article

    goal_titles = goal_titles if goal_titles is not None else _goal_titles()
    qs = (queryset if queryset is not None else Article.objects.all()).filter(published=True).prefetch_related("goals", "topics")
    for a in qs:
        numbers = sorted(g.number for g in a.goals.all())
        body = " ".join([a.body_nl, a.body_en, " ".join(f"{t.name_nl} {t.name_en}" for t in a.topics.all()), _goal_words(numbers, goal_titles)])
        yield Source(
            Kind.ARTICLE, "article", a.pk, a.slug, a.title_nl, a.title_en, a.summary_nl, a.summary_en, body, numbers, 0, ("knowledge:article", a.slug)
        )


def programme_sources(queryset=None, goal_titles=None):
    from apps.programmes.models import Programme

    qs = (queryset if queryset is not None else Programme.objects.all()).filter(published=True)
    for p in qs:
        body = " ".join([p.description_nl, p.description_en, p.partners])
        yield Source(
            Kind.PROGRAMME,
            "programme",
            p.pk,
            p.slug,
            p.title_nl,
            p.title_en or p.title_nl,
            p.summary_nl,
            p.summary_en,
            body,
            [],
            0,
            ("programmes:detail", p.slug),
        )


def goal_sources(queryset=None, goal_titles=None):
    from apps.goals.models import Goal

    for g in queryset if queryset is not None else Goal.objects.all():
        title_nl, title_en = f"Doel {g.number}: {g.title_short_nl}", f"Goal {g.number}: {g.title_short_en}"
        body = f"SDG {g.number} {g.title_full_nl} {g.title_full_en} {g.description_en}"
        yield Source(
            Kind.GOAL,
            "goal",
            g.number,
            str(g.number),
            title_nl,
            title_en,
            g.description_nl or g.title_full_nl,
            g.description_en or g.title_full_en,
            body,
            [g.number],
            0,
            ("pages:goal", str(g.number)),
        )


def target_sources(queryset=None, goal_titles=None):
    from apps.goals.models import Target

    for t in (queryset if queryset is not None else Target.objects.all()).select_related("goal"):
        title_nl, title_en = f"{t.code} {t.title_short_nl}", f"{t.code} {t.title_short_en}"
        yield Source(Kind.GOAL, "target", t.pk, t.code, title_nl, title_en, t.text_nl, t.text_en, "", [t.goal_id], 0, ("pages:goal", str(t.goal_id)))


SOURCES = {
    "format": format_sources,
    "example": example_sources,
    "article": article_sources,
    "programme": programme_sources,
    "goal": goal_sources,
    "target": target_sources,
}


# --- writing ----------------------------------------------------------------------------------


def _document(src: Source, dictionary, splits: dict | None = None) -> SearchDocument:
    splits = {} if splits is None else splits
    title = text.analyse(src.title_text, dictionary, splits)
    summary = text.analyse(src.summary_text, dictionary, splits)
    body = text.analyse(src.body, dictionary, splits)
    return SearchDocument(
        kind=src.kind, source=src.source, object_id=src.object_id, key=src.key[:200], title_nl=src.title_nl[:300], title_en=src.title_en[:300],
        summary_nl=src.summary_nl, summary_en=src.summary_en, goals=" ".join(str(n) for n in src.goals), popularity=src.popularity, route=src.route[0], route_arg=src.route[1][:200],
        title_terms=title.terms(), summary_terms=summary.terms(), body_terms=body.terms(),
    )  # fmt: skip


def document_tokens(document: SearchDocument) -> set[str]:
    """The distinct tokens of a document, every field (for the document counts of SearchTerm)."""
    return set(document.title_terms.split()) | set(document.summary_terms.split()) | set(document.body_terms.split())


def _fts_write(documents: list[SearchDocument]) -> None:
    if connection.vendor != "sqlite" or not documents:
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(d.pk,) for d in documents])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
            [(d.pk, d.title_terms, d.summary_terms, d.body_terms) for d in documents],
        )


def _fts_delete(ids: list[int]) -> None:
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])


@transaction.atomic
def rebuild_index() -> dict:
    """Rebuild the whole index from the published content; returns the number of documents per kind."""
    goal_titles = _goal_titles()
    sources = [src for build in SOURCES.values() for src in build(goal_titles=goal_titles)]
    word_docs: Counter = Counter()
    for src in sources:
        word_docs.update(set(text.words(src.full_text)))
    dictionary = {w for w in word_docs if len(w) >= text.MIN_PART}
    splits: dict = {}
    documents = [_document(src, dictionary, splits) for src in sources]
    token_docs: Counter = Counter()
    for d in documents:
        token_docs.update(document_tokens(d))
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    PendingChange.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    if documents and documents[0].pk is None:  # backends that do not return keys from bulk_create
        documents = list(SearchDocument.objects.all())
    _fts_write(documents)
    rows = list({(w[:100], False): n for w, n in word_docs.items()}.items()) + list({(t[:100], True): n for t, n in token_docs.items()}.items())
    rows = [(word, token, n) for (word, token), n in rows]
    with connection.cursor() as cursor:  # plain executemany: ten times faster than the ORM for ~10,000 rows
        cursor.executemany("INSERT INTO search_searchterm (word, token, documents) VALUES (%s, %s, %s)", rows)
        if connection.vendor == "postgresql":  # fresh statistics, so the planner knows how many rows a token finds
            cursor.execute("ANALYZE search_searchdocument, search_searchterm")
    return dict(Counter(d.kind for d in documents))


def _model(source: str):
    from apps.goals.models import Goal, Target
    from apps.knowledge.models import Article
    from apps.menukaart.models import ActionFormat, PracticeExample
    from apps.programmes.models import Programme

    return {"format": ActionFormat, "example": PracticeExample, "article": Article, "programme": Programme, "goal": Goal, "target": Target}[source]


def apply_pending(limit: int = 1000) -> int:
    """Bring the documents of pending changes up to date in one batch (added, updated, or removed when
    no longer public); returns the number of changes applied. A constant number of queries per kind."""
    from .engine import vocabulary

    pending = list(PendingChange.objects.order_by("pk")[:limit])
    if not pending:
        return 0
    by_source: dict[str, set[int]] = {}
    for change in pending:
        by_source.setdefault(change.source, set()).add(change.object_id)
    vocab = vocabulary()
    goal_titles = _goal_titles()
    with transaction.atomic():
        for source, ids in by_source.items():
            sources = list(SOURCES[source](queryset=_model(source).objects.filter(pk__in=ids), goal_titles=goal_titles))
            gone = ids - {src.object_id for src in sources}
            for object_id in gone:
                remove_object(source, object_id)
            if not sources:
                continue
            new_words = set().union(*(set(text.words(src.full_text)) for src in sources)) - vocab.words
            dictionary = vocab.words | {w for w in new_words if len(w) >= text.MIN_PART}
            splits: dict = {}
            documents = [_document(src, dictionary, splits) for src in sources]
            existing = dict(
                SearchDocument.objects.filter(source=source, object_id__in=[d.object_id for d in documents]).values_list("object_id", "pk")
            )
            now = timezone.now()
            for document in documents:
                document.pk = existing.get(document.object_id)
                document.updated_at = now  # bulk_update does not apply auto_now (it wrote NULL)
            SearchDocument.objects.bulk_update(
                [d for d in documents if d.pk], [f.name for f in SearchDocument._meta.concrete_fields if not f.primary_key]
            )
            fresh = [d for d in documents if not d.pk]
            SearchDocument.objects.bulk_create(fresh)
            if fresh and fresh[0].pk is None:
                keys = dict(SearchDocument.objects.filter(source=source, object_id__in=[d.object_id for d in fresh]).values_list("object_id", "pk"))
                for d in fresh:
                    d.pk = keys[d.object_id]
            _fts_write(documents)
            tokens = set().union(*(document_tokens(d) for d in documents)) - vocab.df.keys()
            SearchTerm.objects.bulk_create(
                [SearchTerm(word=w[:100], documents=1) for w in new_words] + [SearchTerm(word=t[:100], token=True, documents=1) for t in tokens],
                ignore_conflicts=True,
            )
        PendingChange.objects.filter(pk__in=[c.pk for c in pending]).delete()
    return len(pending)


def remove_object(source: str, object_id: int) -> None:
    ids = list(SearchDocument.objects.filter(source=source, object_id=object_id).values_list("pk", flat=True))
    if ids:
        _fts_delete(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()
