"""Public budget pages: a municipality's budget per goal (chart with table, year over year, peers)
and one goal's money with the documents and indicators of that goal. Budgets are public documents."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from apps.core.fragments import cached_fragment
from apps.core.permissions import PublicView
from apps.goals.models import Goal
from apps.municipalities.models import Municipality

from . import selectors


class IndexView(PublicView, TemplateView):
    template_name = "budget/index.html"

    def get_context_data(self, **kwargs):
        municipalities = (
            Municipality.objects.filter(budgets__isnull=False)
            .annotate(years=Count("budgets__year", distinct=True))
            .only("display_name", "slug")
            .order_by("display_name")
        )
        return super().get_context_data(municipalities=municipalities, **kwargs)


class MunicipalityBudgetMixin:
    def setup_budget(self):
        self.municipality = get_object_or_404(Municipality.objects.defer("map_path"), slug=self.kwargs["slug"])
        self.budgets = selectors.municipality_budgets(municipality=self.municipality)
        if not self.budgets:
            raise Http404
        chosen = None
        raw = self.request.GET.get("begroting", "")
        if raw.isdigit():
            chosen = next((b for b in self.budgets if b.pk == int(raw)), None)
        if chosen is None:
            years = selectors.representative(self.budgets)
            chosen = years[max(years)]
        self.budget = chosen


class MunicipalityView(PublicView, MunicipalityBudgetMixin, TemplateView):
    """The figures (chart, table, years, peers) are rendered once per version of the data they show
    (the latest change to this municipality's budgets or to its peers' budgets of that year) and cached."""

    template_name = "budget/municipality.html"

    def get_context_data(self, **kwargs):
        self.setup_budget()
        version = selectors.page_version(budget=self.budget)
        body = cached_fragment(
            name="budget-municipality",
            version=version,
            template="budget/includes/municipality_body.html",
            context=self.body_context,
            request=self.request,
            vary=str(self.budget.pk),
        )
        return super().get_context_data(municipality=self.municipality, budgets=self.budgets, budget=self.budget, body=body, **kwargs)

    def body_context(self):
        goals = selectors.goals_list()
        rows = selectors.budget_goals(budget=self.budget, goals=goals)
        return {
            "municipality": self.municipality,
            "budget": self.budget,
            "goal_rows": rows,
            "chart": selectors.chart_bars(rows),
            "gaps": [r for r in rows if r["gap"]],
            "funded": sum(1 for r in rows if not r["gap"]),
            "per_inhabitant": (self.budget.total_lasten / self.municipality.population) if self.municipality.population else None,
            "history": selectors.year_over_year(municipality=self.municipality, budgets=self.budgets, goals=goals),
            "peers": selectors.peers(budget=self.budget, goals=goals),
        }


class GoalView(PublicView, MunicipalityBudgetMixin, TemplateView):
    template_name = "budget/goal.html"

    def get_context_data(self, **kwargs):
        self.setup_budget()
        goal = get_object_or_404(Goal, number=self.kwargs["number"])
        goals = selectors.goals_list()
        history = selectors.year_over_year(municipality=self.municipality, budgets=self.budgets, goals=goals)
        row = next(r for r in history["rows"] if r["goal"].number == goal.number)
        total = next(r for r in selectors.budget_goals(budget=self.budget, goals=goals) if r["goal"].number == goal.number)
        return super().get_context_data(
            municipality=self.municipality,
            budget=self.budget,
            goal=goal,
            total=total,
            history_row=row,
            lines=selectors.goal_lines(budget=self.budget, goal=goal.number)[:30],
            links=selectors.goal_links(municipality=self.municipality, goal=goal.number),
            **kwargs,
        )
