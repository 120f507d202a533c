"""Full-text search over a queryset: PostgreSQL's text search (Dutch and English stemming, ranked)
in production, a plain word-by-word ``icontains`` on SQLite so the default setup works too."""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet


def text_search(queryset: QuerySet, fields: list[str], query: str) -> QuerySet:
    """``queryset`` narrowed to rows matching every word of ``query`` in any of ``fields``; on
    PostgreSQL ordered by rank (Dutch and English configurations combined)."""
    query = " ".join((query or "").split())[:200]
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = reduce(lambda a, b: a + b, (SearchVector(f, config="dutch") + SearchVector(f, config="english") for f in fields))
        search = SearchQuery(query, config="dutch", search_type="websearch") | SearchQuery(query, config="english", search_type="websearch")
        return queryset.annotate(search_rank=SearchRank(vector, search)).filter(search_rank__gt=0).order_by("-search_rank", "pk")
    words = query.split()
    return queryset.filter(reduce(and_, (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words)))
