from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from apps.core.permissions import PublicView
from apps.goals.models import Goal
from apps.membership import selectors
from apps.municipalities.models import Province, SizeClass
from apps.municipalities.services import map_viewbox


class HomeView(PublicView, TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.campaign_figures(),
            recent=selectors.recent_members(),
            goals=Goal.objects.all(),
            **kwargs,
        )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class MemberListView(PublicView, TemplateView):
    template_name = "pages/members.html"
    paginate_by = 60

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "member-results":
            return ["pages/includes/member_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        params = self.request.GET
        province = params.get("provincie", "")
        if province not in Province.values:
            province = ""
        size_class = _int_or_none(params.get("grootte"))
        if size_class not in SizeClass.values:
            size_class = None
        goal = _int_or_none(params.get("doel"))
        if goal is not None and not 1 <= goal <= 17:
            goal = None
        query = params.get("q", "")[:100]
        members = selectors.member_list(province=province, size_class=size_class, goal=goal, query=query)
        page = Paginator(members, self.paginate_by).get_page(params.get("pagina"))
        filters = params.copy()
        filters.pop("pagina", None)
        return super().get_context_data(
            page=page,
            provinces=Province.choices,
            size_classes=SizeClass.choices,
            goals=Goal.objects.all(),
            selected={"province": province, "size_class": size_class, "goal": goal, "q": query},
            filter_query=filters.urlencode(),
            **kwargs,
        )


class MapView(PublicView, TemplateView):
    template_name = "pages/map.html"

    def get_context_data(self, **kwargs):
        municipalities, provinces = selectors.map_data()
        member_count = sum(len(row.members) for row in provinces)
        return super().get_context_data(
            municipalities=municipalities,
            provinces=provinces,
            member_count=member_count,
            total=len(municipalities),
            viewbox=map_viewbox(),
            **kwargs,
        )


class MunicipalityView(PublicView, TemplateView):
    template_name = "pages/municipality.html"

    def get_context_data(self, **kwargs):
        municipality = selectors.municipality_profile(slug=self.kwargs["slug"])
        if municipality is None:
            raise Http404
        membership = getattr(municipality, "membership", None)
        return super().get_context_data(municipality=municipality, membership=membership, **kwargs)


class GoalListView(PublicView, TemplateView):
    template_name = "pages/goals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(goals=Goal.objects.all(), **kwargs)


class GoalDetailView(PublicView, TemplateView):
    template_name = "pages/goal.html"

    def get_context_data(self, **kwargs):
        goal = get_object_or_404(Goal.objects.prefetch_related("targets"), number=self.kwargs["number"])
        members = selectors.member_list(goal=goal.number)
        return super().get_context_data(goal=goal, members=members, **kwargs)


class AboutView(PublicView, TemplateView):
    template_name = "pages/about.html"
