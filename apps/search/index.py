"""Writing the search index: what each findable thing contributes, a full rebuild (``manage.py
search_index``, the nightly task, the demo), and the single-object updates the signals make."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q

from . import text
from .models import Kind, SearchDocument, SearchTerm


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
    qs = (queryset if queryset is not None else ActionFormat.objects.all()).filter(published=True).select_related("category").prefetch_related("goals")
    qs = qs.annotate(used=Count("activities", filter=Q(activities__status__in=[Activity.Status.PLANNED, Activity.Status.DONE])))
    for f in qs:
        numbers = sorted(g.number for g in f.goals.all())
        body = " ".join([f.description_nl, f.description_en, f.steps_nl, f.steps_en, f.category.name_nl, f.category.name_en, _goal_words(numbers, goal_titles)])
        yield Source(Kind.FORMAT, "format", f.pk, f.slug, f.title_nl, f.title_en, f.summary_nl, f.summary_en, body, numbers, f.used, ("menukaart:format", f.slug))


def example_sources(queryset=None, goal_titles=None):
    from apps.menukaart.models import PracticeExample

    goal_titles = goal_titles if goal_titles is not None else _goal_titles()
    qs = (queryset if queryset is not None else PracticeExample.objects.all()).filter(status=PracticeExample.Status.PUBLISHED)
    for e in qs.select_related("municipality", "action_format").prefetch_related("goals"):
        numbers = sorted(g.number for g in e.goals.all())
        answers = " ".join(getattr(e, q) for q in e.QUESTIONS)
        summary = e.q_integral[:300] or e.q_policy[:300]
        route = ("menukaart:format", e.action_format.slug) if e.action_format else ("pages:municipality", e.municipality.slug)
        body = " ".join([answers, e.municipality.display_name, e.action_format.title_nl if e.action_format else "", _goal_words(numbers, goal_titles)])
        yield Source(Kind.EXAMPLE, "example", e.pk, e.title, e.title, e.title, summary, "", body, numbers, 0, route)


def article_sources(queryset=None, goal_titles=None):
    from apps.knowledge.models import Article

    goal_titles = goal_titles if goal_titles is not None else _goal_titles()
    qs = (queryset if queryset is not None else Article.objects.all()).filter(published=True).prefetch_related("goals", "topics")
    for a in qs:
        numbers = sorted(g.number for g in a.goals.all())
        body = " ".join([a.body_nl, a.body_en, " ".join(f"{t.name_nl} {t.name_en}" for t in a.topics.all()), _goal_words(numbers, goal_titles)])
        yield Source(Kind.ARTICLE, "article", a.pk, a.slug, a.title_nl, a.title_en, a.summary_nl, a.summary_en, body, numbers, 0, ("knowledge:article", a.slug))


def programme_sources(queryset=None, goal_titles=None):
    from apps.programmes.models import Programme

    qs = (queryset if queryset is not None else Programme.objects.all()).filter(published=True)
    for p in qs:
        body = " ".join([p.description_nl, p.description_en, p.partners])
        yield Source(Kind.PROGRAMME, "programme", p.pk, p.slug, p.title_nl, p.title_en or p.title_nl, p.summary_nl, p.summary_en, body, [], 0, ("programmes:detail", p.slug))


def goal_sources(queryset=None, goal_titles=None):
    from apps.goals.models import Goal

    for g in queryset if queryset is not None else Goal.objects.all():
        title_nl, title_en = f"Doel {g.number}: {g.title_short_nl}", f"Goal {g.number}: {g.title_short_en}"
        body = f"SDG {g.number} {g.title_full_nl} {g.title_full_en} {g.description_en}"
        yield Source(Kind.GOAL, "goal", g.number, str(g.number), title_nl, title_en, g.description_nl or g.title_full_nl, g.description_en or g.title_full_en, body, [g.number], 0, ("pages:goal", str(g.number)))


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


def _document(src: Source, dictionary) -> SearchDocument:
    title = text.analyse(src.title_text, dictionary)
    body = text.analyse(src.full_text, dictionary)
    return SearchDocument(
        kind=src.kind, source=src.source, object_id=src.object_id, key=src.key[:200], title_nl=src.title_nl[:300], title_en=src.title_en[:300],
        summary_nl=src.summary_nl, summary_en=src.summary_en, goals=" ".join(str(n) for n in src.goals), popularity=src.popularity, route=src.route[0], route_arg=src.route[1][:200],
        title_terms=" ".join(sorted(title.tokens)), body_terms=" ".join(sorted(body.tokens)),
    )  # fmt: skip


def _fts_write(documents: list[SearchDocument]) -> None:
    if connection.vendor != "sqlite" or not documents:
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(d.pk,) for d in documents])
        cursor.executemany("INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", [(d.pk, d.title_terms, d.body_terms) for d in documents])


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
    documents = [_document(src, dictionary) for src in sources]
    token_docs: Counter = Counter()
    for d in documents:
        token_docs.update(d.body_terms.split())
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    if documents and documents[0].pk is None:  # backends that do not return keys from bulk_create
        documents = list(SearchDocument.objects.all())
    _fts_write(documents)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w[:100], documents=n) for w, n in word_docs.items()] + [SearchTerm(word=t[:100], token=True, documents=n) for t, n in token_docs.items()],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return dict(Counter(d.kind for d in documents))


def index_object(source: str, obj) -> None:
    """Add, update or remove one object's document (removed when it is no longer public)."""
    from .engine import vocabulary

    model = type(obj)
    srcs = list(SOURCES[source](queryset=model._default_manager.filter(pk=obj.pk)))
    if not srcs:
        remove_object(source, obj.pk)
        return
    src = srcs[0]
    vocab = vocabulary()
    new_words = set(text.words(src.full_text))
    document = _document(src, vocab.words | {w for w in new_words if len(w) >= text.MIN_PART})
    with transaction.atomic():
        existing = SearchDocument.objects.filter(source=source, object_id=src.object_id).first()
        if existing:
            document.pk = existing.pk
        document.save()
        _fts_write([document])
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w[:100], documents=1) for w in new_words - vocab.words]
            + [SearchTerm(word=t[:100], token=True, documents=1) for t in set(document.body_terms.split()) - vocab.df.keys()],
            ignore_conflicts=True,
        )


def remove_object(source: str, object_id: int) -> None:
    ids = list(SearchDocument.objects.filter(source=source, object_id=object_id).values_list("pk", flat=True))
    if ids:
        _fts_delete(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()


def refresh_popularity(format_id: int) -> None:
    """The number of planned and done activities of a format, after an activity changed."""
    from apps.menukaart.models import Activity

    used = Activity.objects.filter(action_format_id=format_id, status__in=[Activity.Status.PLANNED, Activity.Status.DONE]).count()
    SearchDocument.objects.filter(source="format", object_id=format_id).update(popularity=used)
