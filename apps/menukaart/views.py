"""Public Menukaart pages: the catalogue, a format, the agenda, a municipality's calendar feed, the award."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from apps.core.permissions import PublicView
from apps.goals.models import Goal
from apps.goals.selectors import attach_goals
from apps.municipalities.models import Municipality

from . import services
from .models import ActionFormat, Activity, Audience, AwardCategory, AwardRound, Category, Effort, PracticeExample


def _goal(raw: str):
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 17 else None


class FormatListView(PublicView, TemplateView):
    template_name = "menukaart/list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        params = self.request.GET
        categories = list(Category.objects.all())
        selected = {
            "goal": _goal(params.get("doel", "")),
            "category": params.get("categorie", "") if params.get("categorie", "") in {c.slug for c in categories} else "",
            "effort": params.get("inspanning", "") if params.get("inspanning", "") in Effort.values else "",
            "audience": params.get("doelgroep", "") if params.get("doelgroep", "") in Audience.values else "",
            "q": params.get("q", "")[:100].strip(),
        }
        formats = services.format_list(
            goal=selected["goal"], category=selected["category"], effort=selected["effort"], audience=selected["audience"], query=selected["q"]
        )
        filters = params.copy()
        filters.pop("pagina", None)
        # the filter's goals (with their colours) are the cards' goal badges too
        goals = list(Goal.objects.only("number", "colour", "title_short_nl", "title_short_en").order_by("number"))
        page = Paginator(formats.prefetch_related(None), self.paginate_by).get_page(params.get("pagina", "1")[:6])
        page.object_list = attach_goals(page.object_list, "goals", goals)
        return super().get_context_data(
            page=page,
            selected=selected,
            filter_query=filters.urlencode(),
            goals=goals,
            categories=categories,
            efforts=Effort.choices,
            audiences=Audience.choices,
            award_rounds=AwardRound.objects.filter(results_published=True).only("year"),
            **kwargs,
        )


class FormatDetailView(PublicView, TemplateView):
    template_name = "menukaart/format.html"

    def get_context_data(self, **kwargs):
        action_format = get_object_or_404(
            ActionFormat.objects.select_related("category").prefetch_related(services.GOAL_BADGE, "targets", "materials"), slug=self.kwargs["slug"], published=True
        )
        examples = action_format.practice_examples.filter(status="published").select_related("municipality")
        return super().get_context_data(
            action_format=action_format, users=services.format_users(action_format), examples=examples, **kwargs
        )


class ExampleDetailView(PublicView, TemplateView):
    """A published practice example in full: the version the campaign team published, with its photos."""

    template_name = "menukaart/example.html"

    def get_context_data(self, **kwargs):
        from .jury_views import example_text

        example = get_object_or_404(
            PracticeExample.objects.select_related("municipality", "action_format"), pk=self.kwargs["pk"], status=PracticeExample.Status.PUBLISHED
        )
        return super().get_context_data(
            example=example,
            text=example_text(example),
            goals=example.goals.order_by("number"),
            photos=example.attachments.filter(is_image=True),
            documents=example.attachments.filter(is_image=False),
            awards=example.award_entries.filter(award_round__results_published=True).select_related("award_round", "category"),
            **kwargs,
        )


class AgendaView(PublicView, TemplateView):
    template_name = "menukaart/agenda.html"

    def get_context_data(self, **kwargs):
        upcoming = (
            Activity.objects.filter(status=Activity.Status.PLANNED, start_date__gte=timezone.localdate())
            .select_related("municipality", "action_format")
            .prefetch_related(services.GOAL_BADGE)
            .order_by("start_date", "pk")
        )
        return super().get_context_data(page=Paginator(upcoming, 30).get_page(self.request.GET.get("pagina", "1")[:6]), **kwargs)


class MunicipalityCalendarView(PublicView, View):
    def get(self, request, slug):
        municipality = get_object_or_404(Municipality, slug=slug, membership__isnull=False)
        response = HttpResponse(services.ical_feed(municipality), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="global-goals-{slug}.ics"'
        return response


class AwardView(PublicView, TemplateView):
    template_name = "menukaart/award.html"

    def get_context_data(self, **kwargs):
        award_round = get_object_or_404(AwardRound, year=self.kwargs["year"])
        if not award_round.results_published:
            raise Http404
        return super().get_context_data(
            award_round=award_round, results=services.award_results(award_round), categories=AwardCategory.objects.all(), **kwargs
        )
