"""Public pages of the Monitor: the indicator library, a member's monitor, an indicator page, and
the open data (CSV, JSON, Open SDG)."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from apps.core.permissions import PublicView
from apps.goals.models import Goal
from apps.municipalities.models import Municipality

from . import opendata, presenters, selectors
from .models import Indicator
from .presenters import indicator_view


def member(slug):
    return get_object_or_404(Municipality.objects.select_related("membership"), slug=slug, membership__isnull=False)


class LibraryView(PublicView, TemplateView):
    template_name = "monitor/library.html"

    def get_context_data(self, **kwargs):
        goal = self.request.GET.get("doel", "")
        indicators = Indicator.objects.filter(municipality__isnull=True, active=True).select_related("goal").order_by("goal_id", "code")
        if goal.isdigit() and 1 <= int(goal) <= 17:
            indicators = indicators.filter(goal_id=int(goal))
        else:
            goal = ""
        return super().get_context_data(indicators=indicators, goals=Goal.objects.all(), chosen_goal=goal, **kwargs)


class DashboardView(PublicView, TemplateView):
    """The public monitor of any current municipality, member or not: the open data for every
    municipality and, for a member, the indicators it chose with its ambitions. The open-data part
    is the same for every visitor, so it is rendered once per language and kept in the cache until
    a set is loaded again or the municipality hides or shows an indicator."""

    template_name = "monitor/dashboard.html"

    def get_context_data(self, **kwargs):
        municipality = get_object_or_404(Municipality.objects.current().select_related("membership"), slug=self.kwargs["slug"])
        is_member = hasattr(municipality, "membership")
        goals = selectors.monitor_goals(municipality, public_only=True) if is_member else []
        hidden = sorted(selectors.hidden_open_indicator_ids(municipality))
        version = selectors.open_data_version()
        key = f"monitor-open:{municipality.pk}:{get_language()}:{version}:{','.join(map(str, hidden))}"
        open_part = cache.get(key)
        if open_part is None:
            open_goals = presenters.open_goals_view(selectors.open_monitor(municipality, hidden=set(hidden)), municipality=municipality)
            open_part = render_to_string(
                "monitor/_open_goals.html",
                {"open_goals": open_goals, "municipality": municipality, "has_open_rows": any(g.rows for g in open_goals)},
                request=self.request,
            )
            cache.set(key, open_part, 60 * 60 * 24)
        return super().get_context_data(
            municipality=municipality,
            is_member=is_member,
            goals=goals,
            has_rows=any(g.rows for g in goals),
            open_part=mark_safe(open_part),  # noqa: S308 - rendered by our own template with autoescape
            public=True,
            **kwargs,
        )


class OpenDataCsvView(PublicView, View):
    """Every open-data figure of a municipality with its source, table id, year and licence (CSV)."""

    def get(self, request, slug):
        municipality = get_object_or_404(Municipality.objects.current(), slug=slug)
        response = HttpResponse(
            opendata.open_values_csv(municipality, selectors.open_values_export(municipality)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="open-data-{municipality.slug}.csv"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class _PublicAdoption:
    def get_adoption(self):
        municipality = member(self.kwargs["slug"])
        adoption = selectors.monitor_adoption(municipality, self.kwargs["code"], public_only=True)
        if adoption is None:
            raise Http404
        return municipality, adoption


class IndicatorView(PublicView, _PublicAdoption, TemplateView):
    template_name = "monitor/indicator.html"

    def get_context_data(self, **kwargs):
        municipality, adoption = self.get_adoption()
        return super().get_context_data(municipality=municipality, public=True, **indicator_view(adoption, municipality=municipality), **kwargs)


class SeriesCsvView(PublicView, _PublicAdoption, View):
    def get(self, request, slug, code):
        municipality, adoption = self.get_adoption()
        response = HttpResponse(opendata.series_csv(adoption), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{municipality.slug}-{adoption.indicator.slug}.csv"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class SeriesJsonView(PublicView, _PublicAdoption, View):
    def get(self, request, slug, code):
        municipality, adoption = self.get_adoption()
        url = request.build_absolute_uri(reverse("monitor:indicator", kwargs={"slug": slug, "code": adoption.indicator.slug}))
        response = HttpResponse(opendata.series_json(adoption, url=url), content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"
        return response


class OpenSdgView(PublicView, View):
    def get(self, request, slug):
        municipality = member(slug)
        data = opendata.open_sdg_zip(municipality, selectors.adoptions(municipality, public_only=True))
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="open-sdg-{municipality.slug}.zip"'
        return response
