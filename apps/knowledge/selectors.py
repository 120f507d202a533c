from django.db.models import Prefetch

from apps.goals.models import Goal

from .models import Article, Audience


def article_list(*, goal: int | None = None, topic: str = "", audience: str = "", kind: str = "", query: str = ""):
    """Published articles with goals and topics (3 queries when evaluated, whatever the number)."""
    articles = (
        Article.objects.filter(published=True)
        .defer("body_nl", "body_en")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number")), "topics")
        .order_by("-published_on", "title_nl")
    )
    if goal:
        articles = articles.filter(goals=goal)
    if topic:
        articles = articles.filter(topics__slug=topic)
    if audience:  # what is written for everyone is for each audience too
        articles = articles.filter(audience__in=[audience, Audience.EVERYONE])
    if kind:
        articles = articles.filter(kind=kind)
    if query:  # the platform search (apps/search), ranked
        from apps.search.engine import ranked

        return ranked(articles, query, "article")
    return articles
