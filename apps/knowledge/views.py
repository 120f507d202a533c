from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from apps.core.permissions import PublicView
from apps.goals.models import Goal
from apps.goals.selectors import attach_goals
from apps.menukaart.models import ActionFormat, PracticeExample

from . import selectors
from .models import Article, Audience, Page, Topic


def _goal(raw: str):
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 17 else None


class ArticleListView(PublicView, TemplateView):
    template_name = "knowledge/list.html"
    paginate_by = 12

    def get_context_data(self, **kwargs):
        params = self.request.GET
        topics = list(Topic.objects.all())
        selected = {
            "goal": _goal(params.get("doel", "")),
            "topic": params.get("onderwerp", "") if params.get("onderwerp", "") in {t.slug for t in topics} else "",
            "audience": params.get("doelgroep", "") if params.get("doelgroep", "") in Audience.values else "",
            "kind": params.get("soort", "") if params.get("soort", "") in Article.Kind.values else "",
            "q": params.get("q", "")[:100].strip(),
        }
        articles = selectors.article_list(
            goal=selected["goal"], topic=selected["topic"], audience=selected["audience"], kind=selected["kind"], query=selected["q"]
        )
        filters = params.copy()
        filters.pop("pagina", None)
        # the filter's goals (with their colours) are the cards' goal badges too; the cards show no topics
        goals = list(Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number"))
        page = Paginator(articles.prefetch_related(None), self.paginate_by).get_page(params.get("pagina", "1")[:6])
        page.object_list = attach_goals(page.object_list, "goals", goals)
        return super().get_context_data(
            page=page,
            selected=selected,
            filter_query=filters.urlencode(),
            goals=goals,
            topics=topics,
            audiences=Audience.choices,
            kinds=Article.Kind.choices,
            **kwargs,
        )


class ArticleDetailView(PublicView, TemplateView):
    template_name = "knowledge/article.html"

    def get_context_data(self, **kwargs):
        article = get_object_or_404(
            Article.objects.prefetch_related(
                "goals",
                "topics",
                Prefetch("action_formats", queryset=ActionFormat.objects.filter(published=True)),
                Prefetch("practice_examples", queryset=PracticeExample.objects.filter(status="published").select_related("municipality", "action_format")),
            ),
            slug=self.kwargs["slug"],
            published=True,
        )
        related = selectors.article_list(goal=next((g.number for g in article.goals.all()), None)).exclude(pk=article.pk)[:3]
        return super().get_context_data(article=article, related=related, **kwargs)


class PageView(PublicView, TemplateView):
    template_name = "knowledge/page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_obj=get_object_or_404(Page, slug=self.kwargs["slug"]), **kwargs)
