"""Public programme pages: the list, a programme's public parts, its calendar, the guide (web page and PDF)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from apps.core.files import private_file_response
from apps.core.permissions import PublicView

from . import selectors, services
from .models import Guide, Programme


class ListView(PublicView, TemplateView):
    template_name = "programmes/list.html"

    def get_context_data(self, **kwargs):
        programmes = list(selectors.public_programmes())
        for programme in programmes:
            programme.phase = selectors.phase(programme)
            programme.phase_label = selectors.phase_label(programme.phase)
        order = {selectors.Phase.OPEN: 0, selectors.Phase.RUNNING: 1, selectors.Phase.UPCOMING: 2, selectors.Phase.FINISHED: 3}
        programmes.sort(key=lambda p: order[p.phase])
        return super().get_context_data(programmes=programmes, **kwargs)


class DetailView(PublicView, TemplateView):
    template_name = "programmes/detail.html"

    def get_context_data(self, **kwargs):
        programme = selectors.programme_public(self.kwargs["slug"])
        if programme is None:
            raise Http404
        phase = selectors.phase(programme)
        guide = Guide.objects.filter(programme=programme, published=True, status=Guide.Status.READY).first()
        user = self.request.user
        register_slug = (
            user.municipality.slug if user.is_authenticated and user.municipality_id and hasattr(user.municipality, "membership") else None
        )
        return super().get_context_data(
            programme=programme,
            phase=phase,
            phase_label=selectors.phase_label(phase),
            sessions=programme.sessions.all(),
            deliverables=programme.deliverables.all(),
            resources=programme.resources.filter(public=True),
            participants=selectors.confirmed_participants(programme),
            guide=guide,
            register_slug=register_slug,
            **kwargs,
        )


class SecretFeedView(PublicView, View):
    """A participant's personal calendar subscription: the secret in the address is the key (calendar
    programs cannot log in); 404 once renewed or when the person lost access."""

    def get(self, request, token):
        body = services.feed_calendar(token)
        if body is None:
            raise Http404
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="agenda.ics"'
        response["Cache-Control"] = "private, no-store"
        return response


class CalendarView(PublicView, View):
    def get(self, request, slug):
        programme = get_object_or_404(Programme, slug=slug, published=True)
        response = HttpResponse(services.ical_programme(programme, with_link=False), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{programme.slug}.ics"'
        return response


def _published_guide(slug):
    guide = (
        Guide.objects.select_related("programme")
        .filter(programme__slug=slug, programme__published=True, published=True, status=Guide.Status.READY)
        .first()
    )
    if guide is None:
        raise Http404
    return guide


class GuideView(PublicView, TemplateView):
    """The guide as an accessible web page (the same content as the PDF)."""

    template_name = "programmes/guide.html"

    def get_context_data(self, **kwargs):
        guide = _published_guide(self.kwargs["slug"])
        language = "en" if (get_language() or "nl").startswith("en") else "nl"
        return super().get_context_data(**services.guide_context(guide, language), language=language, **kwargs)


class GuidePdfView(PublicView, View):
    def get(self, request, slug, language):
        if language not in ("nl", "en"):
            raise Http404
        guide = _published_guide(slug)
        file = guide.pdf_en if language == "en" else guide.pdf_nl
        if not file:
            raise Http404
        name = f"{'guide' if language == 'en' else 'handreiking'}-{guide.programme.slug}.pdf"
        return private_file_response(request, guide, file.field.name, filename=name, as_attachment=False, content_type="application/pdf")
