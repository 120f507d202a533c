import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from apps.core.fragments import cached_fragment
from apps.core.permissions import PublicView, public
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
    """The member list. The results are the same for every visitor, so their HTML is cached per
    filter and language until a membership changes (see selectors.members_version)."""

    template_name = "pages/members.html"
    results_template = "pages/includes/member_results.html"
    paginate_by = 60

    def filters(self) -> dict:
        params = self.request.GET
        province = params.get("provincie", "")
        size_class = _int_or_none(params.get("grootte"))
        goal = _int_or_none(params.get("doel"))
        return {
            "province": province if province in Province.values else "",
            "size_class": size_class if size_class in SizeClass.values else None,
            "goal": goal if goal is not None and 1 <= goal <= 17 else None,
            "q": params.get("q", "")[:100].strip(),
        }

    def results(self, selected: dict) -> str:
        """The cache key is built only from validated values: the filters from :meth:`filters`, a page
        number within the number of pages there can be, and no free-text search (those results are
        rendered without the cache), so query parameters cannot fill the cache."""
        version = selectors.members_version()
        max_pages = max(1, -(-int(version.split("-")[0]) // self.paginate_by))
        page_number = _int_or_none(self.request.GET.get("pagina"))
        page_number = min(max(page_number or 1, 1), max_pages)
        names = {"province": "provincie", "size_class": "grootte", "goal": "doel", "q": "q"}
        filter_query = urlencode({names[key]: value for key, value in selected.items() if value not in ("", None)})

        def context():
            members = selectors.member_list(
                province=selected["province"], size_class=selected["size_class"], goal=selected["goal"], query=selected["q"]
            )
            return {"page": Paginator(members, self.paginate_by).get_page(page_number), "filter_query": filter_query}

        if selected["q"]:
            return mark_safe(render_to_string(self.results_template, context(), request=self.request))  # noqa: S308 - our template
        return cached_fragment(
            name="members",
            version=version,
            template=self.results_template,
            context=context,
            request=self.request,
            vary=f"{selected['province']}:{selected['size_class']}:{selected['goal']}:{page_number}",
        )

    def get(self, request, *args, **kwargs):
        selected = self.filters()
        results = self.results(selected)
        if request.htmx and request.htmx.target == "member-results":
            return HttpResponse(results)
        context = self.get_context_data(
            results=results,
            provinces=Province.choices,
            size_classes=SizeClass.choices,
            goals=Goal.objects.only("number", "title_short_nl", "title_short_en"),
            selected=selected,
            **kwargs,
        )
        return self.render_to_response(context)


class MapView(PublicView, TemplateView):
    """The map and its table, cached per language until a membership changes."""

    template_name = "pages/map.html"

    def get_context_data(self, **kwargs):
        def context():
            municipalities, provinces = selectors.map_data()
            return {
                "municipalities": municipalities,
                "provinces": provinces,
                "member_count": sum(len(row.members) for row in provinces),
                "total": len(municipalities),
                "viewbox": map_viewbox(),
            }

        body = cached_fragment(
            name="map", version=selectors.members_version(), template="pages/includes/map_body.html", context=context, request=self.request
        )
        return super().get_context_data(map_body=body, **kwargs)


OPEN_DATA_SECTIONS = {"budget"}


class MunicipalityView(PublicView, TemplateView):
    template_name = "pages/municipality.html"

    def get_context_data(self, **kwargs):
        municipality = selectors.municipality_profile(slug=self.kwargs["slug"])
        if municipality is None:
            raise Http404
        from apps.core.sections import sections

        membership = getattr(municipality, "membership", None)
        profile_sections = sections("profile", request=self.request, municipality=municipality)
        if not membership:  # a municipality that is not a member shows only what comes from open data (its CBS budget)
            profile_sections = [s for s in profile_sections if s["label"] in OPEN_DATA_SECTIONS]
        return super().get_context_data(municipality=municipality, membership=membership, sections=profile_sections, **kwargs)


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


class StatementView(PublicView, TemplateView):
    """Statements whose text is content rather than interface (accessibility, privacy, vulnerability
    disclosure): one template per language, pages/statements/<name>_<language>.html, so that the
    legal wording is written and reviewed as a whole in each language."""

    name = ""

    def get_template_names(self):
        language = "en" if (translation.get_language() or "nl").startswith("en") else "nl"
        return [f"pages/statements/{self.name}_{language}.html"]

    def get_context_data(self, **kwargs):
        from .accessibility import UNTESTED

        return super().get_context_data(
            untested=list(UNTESTED.values()),
            security_contact=settings.SECURITY_CONTACT,
            privacy_contact=settings.PRIVACY_CONTACT,
            accessibility_contact=settings.ACCESSIBILITY_CONTACT,
            campaign_team_email=settings.CAMPAIGN_TEAM_EMAIL,
            **kwargs,
        )


@public
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability, until when this holds."""
    site = settings.SITE_URL.rstrip("/")
    expires = settings.SECURITY_TXT_EXPIRES or (timezone.now() + dt.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {site}/.well-known/security.txt",
        f"Policy: {site}{reverse('pages:disclosure')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
