"""/zoeken/: one search over action formats, practice examples, knowledge, programmes and the goals."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.permissions import PublicView
from apps.goals.models import Goal

from . import engine
from .models import Kind

PER_KIND = 5
PER_PAGE = 20
KIND_PARAM = {"actieformats": Kind.FORMAT, "voorbeelden": Kind.EXAMPLE, "kennis": Kind.ARTICLE, "programmas": Kind.PROGRAMME, "doelen": Kind.GOAL}
PARAM_OF_KIND = {v: k for k, v in KIND_PARAM.items()}


def ask_campaign_team_url(user, query: str) -> str:
    """The support form of the user's own workspace with the question filled in; else an e-mail."""
    if user.is_authenticated and getattr(user, "municipality_id", None) and not user.is_campaign_team:
        url = reverse("support_workspace:list", kwargs={"slug": user.municipality.slug})
        return f"{url}?{urlencode({'onderwerp': query[:200]})}#id_subject"
    subject = _("Question from the search: %(query)s") % {"query": query[:200]}
    return f"mailto:{settings.CAMPAIGN_TEAM_EMAIL}?subject={quote(subject)}"


class SearchView(PublicView, TemplateView):
    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        query = " ".join(params.get("q", "").split())[:200]
        kind = KIND_PARAM.get(params.get("soort", ""))
        goal = int(params["doel"]) if params.get("doel", "").isdigit() and 1 <= int(params["doel"]) <= 17 else None
        context = {
            "query": query,
            "kind": kind,
            "kind_param": PARAM_OF_KIND.get(kind, ""),
            "goal": goal,
            "kinds": [(param, Kind(k).label) for param, k in KIND_PARAM.items()],
            "all_goals": Goal.objects.only("number", "title_short_nl", "title_short_en", "colour").order_by("number"),  # colour: the badges
        }
        if not query:
            return super().get_context_data(**context, **kwargs)
        result = engine.search(query, kinds=[kind] if kind else None, goal=goal)
        goals = {g.number: g for g in Goal.objects.filter(number__in=result.parsed.goals)}
        context.update(
            result=result,
            query_goals=[goals[n] for n in result.parsed.goals if n in goals],
            total=len(result.hits),
            ask_url=ask_campaign_team_url(self.request.user, query),
        )
        base = {"q": query, **({"doel": goal} if goal else {})}
        context["all_kinds_query"] = urlencode({"q": query})
        all_goals = {g.number: g for g in context["all_goals"]}
        shown = []
        if kind:
            context["page"] = Paginator(result.hits, PER_PAGE).get_page(params.get("pagina", "1")[:6])
            context["filter_query"] = urlencode({**base, "soort": PARAM_OF_KIND[kind]})
            shown = context["page"].object_list
        else:
            context["groups"] = [
                {
                    "kind": k,
                    "label": Kind(k).label,
                    "hits": hits[:PER_KIND],
                    "count": len(hits),
                    "more_url": "?" + urlencode({**base, "soort": PARAM_OF_KIND[k]}),
                }
                for k, hits in result.by_kind().items()
                if hits
            ]
            shown = [hit for group in context["groups"] for hit in group["hits"]]
        result.load(list(shown))
        for hit in shown:
            hit.goal_objects = [all_goals[n] for n in hit.goal_numbers if n in all_goals]
        if not result.hits:
            context["popular"] = engine.popular_formats(result.parsed.goals)
        return super().get_context_data(**context, **kwargs)
