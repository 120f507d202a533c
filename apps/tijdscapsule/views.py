"""Public Tijdscapsule pages: the calendar, a visit's page, its wish form and QR poster, the counts,
the debate kit, and (after the opening) the wishes and booklet per municipality."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core import ratelimit
from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.fragments import cached_fragment
from apps.core.permissions import PublicView
from apps.municipalities.models import Municipality

from . import services
from .forms import WishForm
from .models import Booklet, Capsule, Visit, Wish


def _month(raw: str, default: dt.date) -> dt.date:
    try:
        year, month = (int(part) for part in raw.split("-", 1))
        return dt.date(year, month, 1) if 2020 <= year <= 2035 else default
    except (TypeError, ValueError):
        return default


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class HomeView(PublicView, TemplateView):
    template_name = "tijdscapsule/home.html"
    months = 4

    def get_context_data(self, **kwargs):
        capsule = Capsule.current()
        today = services.today_local()
        first = _month(self.request.GET.get("maand", ""), today.replace(day=1))
        return super().get_context_data(
            capsule=capsule,
            is_open=services.is_open(capsule, today=today),
            today=today,
            calendar_html=cached_fragment(
                name="tijdscapsule-calendar",
                version=f"{services.calendar_version()}-{capsule.transport_days}-{capsule.opening_date}-{today}",
                vary=first.isoformat(),
                template="tijdscapsule/_calendar.html",
                context=lambda: {
                    "weekdays": [(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)],
                    "calendar": services.calendar_months(capsule=capsule, first=first, months=self.months, today=today),
                },
            ),
            previous_month=_shift(first, -self.months),
            next_month=_shift(first, self.months),
            upcoming=services.public_visits(upcoming=True, today=today)[:12],
            past=services.public_visits(upcoming=False, today=today)[:12],
            total=services.wish_counts()["total"],
            **kwargs,
        )


def _public_visit(pk: int) -> Visit:
    return get_object_or_404(Visit.objects.select_related("municipality", "capsule"), pk=pk, status=Visit.Status.CONFIRMED)


class VisitView(PublicView, TemplateView):
    template_name = "tijdscapsule/visit.html"

    def get_context_data(self, **kwargs):
        visit = _public_visit(self.kwargs["pk"])
        today = services.today_local()
        return super().get_context_data(
            visit=visit,
            wish_count=visit.wishes.filter(status=Wish.Status.ACCEPTED).count(),
            wishes_open=services.wishes_open_for(visit, today=today),
            is_open=services.is_open(visit.capsule, today=today),
            upcoming=visit.start_date > today,
            wish_window=services.wish_window(visit),
            **kwargs,
        )


class WishView(PublicView, FormView):
    template_name = "tijdscapsule/wish_form.html"
    form_class = WishForm

    def dispatch(self, request, *args, **kwargs):
        self.visit = _public_visit(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = services.today_local()
        return super().get_context_data(
            visit=self.visit,
            wishes_open=services.wishes_open_for(self.visit, today=today),
            upcoming=self.visit.start_date > today,
            wish_window=services.wish_window(self.visit),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if ratelimit.exceeded(self.request, group="tijdscapsule-wish", rate=f"{self.visit.capsule.wishes_per_hour}/h"):
            form.add_error(None, services.WISH_RATE_MESSAGE)
            return self.form_invalid(form)
        try:
            services.wish_submit(
                visit=self.visit,
                text=data["text"],
                name=data["name"],
                role=data["role"],
                goals=data["goals"],
                photo=data.get("photo"),
                address=ratelimit.client_ip(self.request) or "",
            )
        except services.PhotoError as error:
            form.add_error("photo", error.message)
            return self.form_invalid(form)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return redirect(reverse("tijdscapsule:thanks", kwargs={"pk": self.visit.pk}))

    def form_invalid(self, form):
        if self.request.FILES.get("photo") and "photo" not in form.errors:
            form.add_error("photo", _("Choose the photo again: for your safety, a chosen file is not kept when the form returns."))
        return super().form_invalid(form)


class ThanksView(PublicView, TemplateView):
    template_name = "tijdscapsule/thanks.html"

    def get_context_data(self, **kwargs):
        visit = _public_visit(self.kwargs["pk"])
        return super().get_context_data(visit=visit, **kwargs)


class PosterView(PublicView, TemplateView):
    """A printable A4 poster with the QR code of the wish form (SVG, made with segno)."""

    template_name = "tijdscapsule/poster.html"

    def get_context_data(self, **kwargs):
        import segno
        from django.utils.safestring import mark_safe

        visit = _public_visit(self.kwargs["pk"])
        url = self.request.build_absolute_uri(reverse("tijdscapsule:wish", kwargs={"pk": visit.pk}))
        qr = segno.make(url, error="m")
        svg = qr.svg_inline(scale=8, border=4, dark="#000", light="#fff", omitsize=True, title=_("QR code to the wish form"))
        svg = svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(_("QR code to the wish form")), 1)
        return super().get_context_data(visit=visit, url=url, qr_svg=mark_safe(svg), wish_window=services.wish_window(visit), **kwargs)  # noqa: S308 - segno's own SVG


class VisitIcalView(PublicView, View):
    def get(self, request, pk):
        visit = _public_visit(pk)
        response = HttpResponse(services.visit_ical(visit), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tijdscapsule-{visit.pk}.ics"'
        return response


class CountsView(PublicView, TemplateView):
    template_name = "tijdscapsule/counts.html"

    def get_context_data(self, **kwargs):
        counts = services.wish_counts()
        top = max([g["wishes"] for g in counts["goals"]] + [1])
        top_role = max([r["wishes"] for r in counts["roles"]] + [1])
        for g in counts["goals"]:
            g["percent"] = round(100 * g["wishes"] / top)
        for r in counts["roles"]:
            r["percent"] = round(100 * r["wishes"] / top_role)
        capsule = Capsule.current()
        return super().get_context_data(counts=counts, capsule=capsule, is_open=services.is_open(capsule), **kwargs)


class KitView(PublicView, TemplateView):
    template_name = "tijdscapsule/kit.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(capsule=Capsule.current(), **kwargs)


class KitDownloadView(PublicView, View):
    def get(self, request):
        capsule = Capsule.current()
        if not capsule.debate_kit:
            raise Http404
        return FileResponse(capsule.debate_kit.open("rb"), as_attachment=True, filename="debatkit-tijdscapsule.pdf", content_type="application/pdf")


class MunicipalityWishesView(PublicView, TemplateView):
    """Before the opening: that the wishes are sealed, and how many there are. After: the wishes."""

    template_name = "tijdscapsule/wishes.html"

    def get_context_data(self, **kwargs):
        municipality = get_object_or_404(Municipality.objects.distinct(), slug=self.kwargs["slug"], capsule_visits__status=Visit.Status.CONFIRMED)
        capsule = Capsule.current()
        is_open = services.is_open(capsule)
        context = {
            "municipality": municipality,
            "capsule": capsule,
            "is_open": is_open,
            "visits": services.public_visits().filter(municipality=municipality).order_by("start_date"),
            "count": Wish.objects.filter(visit__municipality=municipality, status=Wish.Status.ACCEPTED).count(),
        }
        if is_open:
            context["wishes"] = services.opened_wishes(municipality=municipality)
            context["booklet"] = Booklet.objects.filter(capsule=capsule, municipality=municipality).first()
        return super().get_context_data(**context, **kwargs)


BOOKLET_RATE = "20/h"  # booklet requests per client address


class BookletView(PublicView, View):
    """POST: prepare the booklet (background task); GET: download it when ready."""

    def _municipality(self, slug):
        return get_object_or_404(Municipality.objects.distinct(), slug=slug, capsule_visits__status=Visit.Status.CONFIRMED)

    def get(self, request, slug):
        municipality = self._municipality(slug)
        capsule = Capsule.current()
        booklet = Booklet.objects.filter(capsule=capsule, municipality=municipality, status=Booklet.Status.READY).first()
        if booklet is None or not services.is_open(capsule):
            raise Http404
        return private_file_response(request, booklet, "file", filename=f"wensen-{slug}.pdf", content_type="application/pdf")

    def post(self, request, slug):
        municipality = self._municipality(slug)
        if ratelimit.exceeded(request, group="tijdscapsule-booklet", rate=BOOKLET_RATE):
            messages.error(request, _("Too many requests from this address. Please try again later."))
            return redirect(reverse("tijdscapsule:wishes", kwargs={"slug": slug}))
        try:
            booklet = services.booklet_request(municipality=municipality)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if booklet.status == Booklet.Status.READY:
                messages.success(request, _("The booklet is ready."))
            else:
                messages.info(request, _("The booklet is being prepared. Reload this page in a minute."))
        return redirect(reverse("tijdscapsule:wishes", kwargs={"slug": slug}))


class WishPhotoView(PublicView, View):
    """A wish's photo, opened: only after the opening date, only for accepted wishes (404 otherwise,
    so nothing tells whether a photo exists)."""

    def get(self, request, pk):
        wish = get_object_or_404(Wish.objects.select_related("visit__capsule"), pk=pk, status=Wish.Status.ACCEPTED)
        published = wish.published_at is not None
        if not wish.has_photo or not (published or getattr(request.user, "is_campaign_team", False)):  # the team reviews before publishing
            raise Http404
        try:
            data = services.wish_photo(wish=wish)
        except services.Sealed as error:
            raise Http404 from error
        response = HttpResponse(data, content_type="image/jpeg")
        response["Cache-Control"] = "public, max-age=86400" if published else "private, no-store"
        return response
