"""The Monitor in a municipality's workspace: the set, values, imports and the Voluntary Local Review.

Who may do what: everyone with workspace access reads; members and the coordinator enter and
import values and write the review (EDIT_DATA); the coordinator chooses the indicators, their
baseline and ambition and what the public profile shows (MANAGE_PROFILE)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.permissions import MunicipalityPermissionRequired, Perm, has_perm
from apps.goals.models import Goal

from . import opendata, selectors, services
from .forms import AdoptionForm, OwnIndicatorForm, ReviewCreateForm, ReviewForm, UploadForm, ValueForm
from .models import AdoptedIndicator, Indicator, Review, Upload, Value
from .presenters import indicator_view
from .vlr import review_context


def _require(request, perm, municipality):
    """A page everyone in the workspace reads, whose form needs more (checked on POST)."""
    if not has_perm(request.user, perm, municipality):
        raise PermissionDenied


def _url(name, municipality, **kwargs):
    return reverse(f"monitor_workspace:{name}", kwargs={"slug": municipality.slug, **kwargs})


class DashboardView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "monitor/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        open_version = selectors.open_data_version()
        has_rows, adopted, goals_html = self._goals(open_version)
        uploads = Upload.objects.filter(municipality=self.municipality).only("pk", "filename", "status", "created_at", "summary")[:5]
        reviews = Review.objects.filter(municipality=self.municipality).only("pk", "title", "language", "year", "pdf_status")
        open_rows = selectors.open_rows_all(self.municipality, version=open_version)
        hidden = selectors.hidden_open_indicator_ids(self.municipality)
        for row in open_rows:
            row.hidden = row.indicator.pk in hidden
            row.adopted = row.indicator.pk in adopted
        return super().get_context_data(goals_html=goals_html, has_rows=has_rows, uploads=uploads, reviews=reviews, open_rows=open_rows, **kwargs)

    def _goals(self, open_version: str) -> tuple[bool, set[int], str]:
        """The set's status per goal and its tables (``monitor/_goals.html``), which show the same to
        every user of the workspace: rendered once and cached under the versions of the data they
        show (any change in the Monitor or to the goals, an open-data set loaded) and at most
        PAGE_CACHE_SECONDS, the bound for statuses that move with the date."""
        from django.conf import settings
        from django.core.cache import cache
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe
        from django.utils.translation import get_language

        from apps.core.pagecache import versions

        version = "-".join(map(str, versions(["c:monitor", "c:goals"])))
        key = f"monitor-dashboard-goals:{self.municipality.pk}:{get_language()}:{version}:{open_version}"
        found = cache.get(key)
        if found is None:
            goals = selectors.monitor_goals(self.municipality, public_only=False)
            has_rows = any(g.rows for g in goals)
            context = {"goals": goals, "municipality": self.municipality, "public": False}
            html = render_to_string("monitor/_goals.html", context, request=self.request) if has_rows else ""
            found = (has_rows, {row.indicator.pk for g in goals for row in g.rows}, html)
            cache.set(key, found, getattr(settings, "PAGE_CACHE_SECONDS", 600))
        has_rows, adopted, html = found
        return has_rows, adopted, mark_safe(html)  # noqa: S308 - rendered by our own template with autoescape


class OpenHideView(MunicipalityPermissionRequired, View):
    """Hide an open-data indicator from the public monitor, or show it again (the coordinator)."""

    permission = Perm.MANAGE_PROFILE

    def post(self, request, slug, pk):
        indicator = get_object_or_404(Indicator, pk=pk, municipality__isnull=True)
        hidden = request.POST.get("hidden") == "1"
        try:
            services.open_indicator_set_hidden(municipality=self.municipality, indicator=indicator, hidden=hidden)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if hidden:
                messages.success(request, _("“%(name)s” is no longer shown on your public monitor.") % {"name": indicator.name})
            else:
                messages.success(request, _("“%(name)s” is shown on your public monitor again.") % {"name": indicator.name})
        return redirect(_url("dashboard", self.municipality) + "#open-data")


class LibraryView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "monitor/workspace/library.html"

    def get_context_data(self, **kwargs):
        goal = self.request.GET.get("doel", "")
        indicators = services.available_indicators(self.municipality).select_related("goal").order_by("goal_id", "code")
        if goal.isdigit() and 1 <= int(goal) <= 17:
            indicators = indicators.filter(goal_id=int(goal))
        else:
            goal = ""
        adopted = dict(AdoptedIndicator.objects.filter(municipality=self.municipality).values_list("indicator_id", "pk"))
        indicators = list(indicators)
        for indicator in indicators:
            indicator.adoption_pk = adopted.get(indicator.pk)
        return super().get_context_data(indicators=indicators, workspace=True, goals=Goal.objects.all(), chosen_goal=goal, **kwargs)


class AdoptView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PROFILE

    def post(self, request, slug, pk):
        indicator = get_object_or_404(services.available_indicators(self.municipality), pk=pk)
        try:
            adoption = services.indicator_adopt(municipality=self.municipality, indicator=indicator)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(_url("library", self.municipality))
        messages.success(request, _("“%(name)s” is in your set. Set a baseline and an ambition.") % {"name": indicator.name})
        return redirect(_url("settings", self.municipality, pk=adoption.pk))


class OwnIndicatorView(MunicipalityPermissionRequired, FormView):
    permission = Perm.MANAGE_PROFILE
    template_name = "monitor/workspace/own_indicator.html"
    form_class = OwnIndicatorForm

    def form_valid(self, form):
        adoption = services.own_indicator_create(municipality=self.municipality, data=form.cleaned_data)
        messages.success(self.request, _("Your own indicator has been added to your set. It is not public until you choose so."))
        return redirect(_url("settings", self.municipality, pk=adoption.pk))


class _AdoptionMixin:
    def get_adoption(self):
        if not hasattr(self, "_adoption"):
            self._adoption = get_object_or_404(
                AdoptedIndicator.objects.select_related("indicator__goal"), pk=self.kwargs["pk"], municipality=self.municipality
            )
        return self._adoption


class IndicatorView(MunicipalityPermissionRequired, _AdoptionMixin, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "monitor/workspace/indicator.html"

    def get_context_data(self, **kwargs):
        adoption = self.get_adoption()
        values = Value.objects.filter(municipality=self.municipality, indicator=adoption.indicator).order_by("disaggregation", "-year")
        context = indicator_view(adoption, municipality=self.municipality)
        kwargs.setdefault("form", ValueForm())
        return super().get_context_data(values=values, **context, **kwargs)

    def post(self, request, *args, **kwargs):
        _require(request, Perm.EDIT_DATA, self.municipality)
        adoption = self.get_adoption()
        form = ValueForm(request.POST)
        if form.is_valid():
            try:
                services.value_save(municipality=self.municipality, indicator=adoption.indicator, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The value for %(year)s has been saved.") % {"year": form.cleaned_data["year"]})
                return redirect(_url("indicator", self.municipality, pk=adoption.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ValueDeleteView(MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        value = Value.objects.filter(pk=pk, municipality=self.municipality).first()
        if value is None and Value.objects.filter(pk=pk).exists():
            raise Http404  # another municipality's value
        adoption = None
        if value is not None:
            adoption = AdoptedIndicator.objects.filter(municipality=self.municipality, indicator_id=value.indicator_id).first()
            services.value_delete(municipality=self.municipality, value=value)
            messages.success(request, _("The value has been deleted."))
        else:
            messages.info(request, _("This value had already been deleted."))
        return redirect(_url("indicator", self.municipality, pk=adoption.pk) if adoption else _url("dashboard", self.municipality))


class SettingsView(MunicipalityPermissionRequired, _AdoptionMixin, FormView):
    permission = Perm.MANAGE_PROFILE
    template_name = "monitor/workspace/settings.html"
    form_class = AdoptionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_adoption()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(adoption=self.get_adoption(), indicator=self.get_adoption().indicator, **kwargs)

    def form_valid(self, form):
        try:
            services.adoption_update(municipality=self.municipality, adoption=self.get_adoption(), data=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The settings have been saved."))
        return redirect(_url("indicator", self.municipality, pk=self.get_adoption().pk))


class DropView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PROFILE

    def post(self, request, slug, pk):
        adoption = AdoptedIndicator.objects.filter(pk=pk, municipality=self.municipality).select_related("indicator").first()
        if adoption is None and AdoptedIndicator.objects.filter(pk=pk).exists():
            raise Http404  # another municipality's indicator
        if adoption is not None:
            services.indicator_drop(municipality=self.municipality, adoption=adoption)
            messages.success(request, _("“%(name)s” is no longer in your set. Its values are kept.") % {"name": adoption.indicator.name})
        return redirect(_url("dashboard", self.municipality))


class ImportView(MunicipalityPermissionRequired, FormView):
    permission = Perm.EDIT_DATA
    template_name = "monitor/workspace/import.html"
    form_class = UploadForm

    def form_valid(self, form):
        try:
            upload = services.upload_check(municipality=self.municipality, user=self.request.user, upload=form.cleaned_data["file"])
        except ServiceError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return redirect(_url("import_preview", self.municipality, pk=upload.pk))


class ImportPreviewView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.EDIT_DATA
    template_name = "monitor/workspace/import_preview.html"

    def get_context_data(self, **kwargs):
        upload = get_object_or_404(Upload, pk=self.kwargs["pk"], municipality=self.municipality, kind=Upload.Kind.MUNICIPALITY)
        indicators = {
            i.pk: i
            for i in Indicator.objects.filter(pk__in={r["i"] for r in upload.rows[:200]}).only("code", "name_nl", "name_en", "unit_nl", "unit_en")
        }
        sample = [{**r, "indicator": indicators.get(r["i"])} for r in upload.rows[:200]]
        return super().get_context_data(upload=upload, sample=sample, **kwargs)


class ImportConfirmView(MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        get_object_or_404(Upload, pk=pk, municipality=self.municipality)
        try:
            upload = services.upload_confirm(municipality=self.municipality, upload_id=pk)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(
                _url("import_preview", self.municipality, pk=pk)
                if Upload.objects.filter(pk=pk, municipality=self.municipality).exists()
                else _url("import", self.municipality)
            )
        messages.success(request, services.upload_message(upload) if upload.summary.get("rows") else _("The file has been imported."))
        return redirect(_url("dashboard", self.municipality))


class TemplateDownloadView(MunicipalityPermissionRequired, View):
    """An example file with the columns, filled with the municipality's set."""

    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug):
        import io

        from apps.core.exports import csv_writer

        out = io.StringIO()
        writer = csv_writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["indicator", "jaar", "waarde", "eenheid", "gemeente", "uitsplitsing", "toelichting"])
        for adoption in selectors.adoptions(self.municipality, public_only=False):
            writer.writerow([adoption.indicator.code, "", "", adoption.indicator.unit_nl, self.municipality.cbs_code, "", ""])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="monitor-{self.municipality.slug}.csv"'
        return response


class ExportView(MunicipalityPermissionRequired, View):
    """The whole monitor (public and not public) in the Open SDG format."""

    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug):
        data = opendata.open_sdg_zip(self.municipality, selectors.adoptions(self.municipality, public_only=False))
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="open-sdg-{self.municipality.slug}-alles.zip"'
        return response


class ReviewsView(MunicipalityPermissionRequired, FormView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "monitor/workspace/reviews.html"
    form_class = ReviewCreateForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviews=Review.objects.filter(municipality=self.municipality), **kwargs)

    def post(self, request, *args, **kwargs):
        _require(request, Perm.EDIT_DATA, self.municipality)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        existed = Review.objects.filter(municipality=self.municipality, **form.cleaned_data).exists()
        review = services.review_create(municipality=self.municipality, user=self.request.user, **form.cleaned_data)
        if existed:
            messages.info(self.request, _("A review for this year and language already exists; here it is."))
        else:
            messages.success(self.request, _("The draft review has been made. The PDF is being typeset; it is ready in a minute."))
        return redirect(_url("review", self.municipality, pk=review.pk))


class ReviewView(MunicipalityPermissionRequired, FormView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "monitor/workspace/review.html"
    form_class = ReviewForm

    def get_review(self):
        if not hasattr(self, "_review"):
            self._review = get_object_or_404(Review.objects.select_related("municipality"), pk=self.kwargs["pk"], municipality=self.municipality)
        return self._review

    def get_form_kwargs(self):
        review = self.get_review()
        initial = {"title": review.title, "introduction": review.introduction, "approach": review.approach, "conclusion": review.conclusion}
        initial.update({f"goal_{k}": v for k, v in (review.goal_texts or {}).items()})
        return {**super().get_form_kwargs(), "initial": initial, "goals": Goal.objects.all()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**review_context(self.get_review()), **kwargs)

    def post(self, request, *args, **kwargs):
        _require(request, Perm.EDIT_DATA, self.municipality)
        if "pdf" in request.POST:
            services.review_request_pdf(municipality=self.municipality, review=self.get_review())
            messages.success(request, _("The PDF is being typeset again."))
            return redirect(_url("review", self.municipality, pk=self.get_review().pk))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.review_update(municipality=self.municipality, review=self.get_review(), data=form.service_data())
        messages.success(self.request, _("The review has been saved; the PDF is being typeset again."))
        return redirect(_url("review", self.municipality, pk=self.get_review().pk))


class ReviewPdfView(MunicipalityPermissionRequired, View):
    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug, pk):
        review = get_object_or_404(Review, pk=pk, municipality=self.municipality)
        if not review.pdf or review.pdf_status != Review.PdfStatus.READY:
            raise Http404
        return private_file_response(
            request,
            review,
            "pdf",
            filename=f"vlr-{self.municipality.slug}-{review.year}-{review.language}.pdf",
            content_type="application/pdf",
        )
