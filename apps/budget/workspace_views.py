"""The budget in a municipality's workspace: import (upload or form, preview, confirm), tagging per
line, the Global Goals paragraph and exports. Reading: VIEW_WORKSPACE; changing: EDIT_DATA."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core import tabular
from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.permissions import MunicipalityPermissionRequired, Perm

from . import selectors, services
from .forms import EntryFormSet, ImportForm, KeyModeForm, ParagraphForm, SublineForm, TagForm, VersionFields, parse_percentages
from .models import Budget, BudgetDocument, BudgetImport, BudgetLine, KeyShare, TaggingEvent


def _url(name, slug, **kwargs):
    return reverse(f"budget_workspace:{name}", kwargs={"slug": slug, **kwargs})


class BudgetMixin:
    """The budget named by ``pk``, of the URL's municipality only (another's is a 404)."""

    def get_budget(self):
        if not hasattr(self, "_budget"):
            self._budget = get_object_or_404(Budget.objects.select_related("municipality"), pk=self.kwargs["pk"], municipality=self.municipality)
        return self._budget


class DashboardView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "budget/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        budgets = selectors.municipality_budgets(municipality=self.municipality)
        imports = BudgetImport.objects.filter(municipality=self.municipality, status=BudgetImport.Status.PREVIEW)[:5]
        return super().get_context_data(budgets=budgets, pending_imports=imports, **kwargs)


class ImportView(MunicipalityPermissionRequired, FormView):
    permission = Perm.EDIT_DATA
    template_name = "budget/workspace/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            budget_import = services.import_from_upload(
                municipality=self.municipality,
                user=self.request.user,
                year=data["year"],
                version=data["version"],
                number=data["number"],
                upload=data["file"],
                unit=int(data["unit"]) if data["unit"] else None,
                convention=data["notation"] or None,
            )
        except ServiceError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return redirect(_url("preview", self.municipality.slug, pk=budget_import.pk))


class EntryView(MunicipalityPermissionRequired, TemplateView):
    """Enter a budget by programme in a form; it goes through the same checks as a file."""

    permission = Perm.EDIT_DATA
    template_name = "budget/workspace/entry.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", VersionFields())
        kwargs.setdefault("formset", EntryFormSet())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = VersionFields(request.POST), EntryFormSet(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        rows = []
        for index, line in enumerate(formset.cleaned_data, start=2):
            values = [line.get(k) or "" for k in ("programme", "taakveld", "lasten", "baten")]
            if any(v.strip() for v in values):
                rows.append((index, [tabular.Cell(v, v) for v in values]))
        if not rows:
            form.add_error(None, _("Fill in at least one line."))
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        sheet = tabular.Sheet(headers=["programma", "taakveld", "lasten", "baten"], rows=rows, kind="form")
        data = form.cleaned_data
        budget_import = services.import_prepare(
            municipality=self.municipality,
            user=request.user,
            year=data["year"],
            version=data["version"],
            number=data["number"],
            filename="",
            sheet=sheet,
            unit=1,
            convention=tabular.DUTCH if (get_language() or "nl").startswith("nl") else tabular.ENGLISH,
        )
        return redirect(_url("preview", self.municipality.slug, pk=budget_import.pk))


class PreviewView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.EDIT_DATA
    template_name = "budget/workspace/preview.html"

    def get_import(self):
        return get_object_or_404(BudgetImport, pk=self.kwargs["pk"], municipality=self.municipality)

    def get_context_data(self, **kwargs):
        budget_import = self.get_import()
        return super().get_context_data(
            budget_import=budget_import,
            summary=services.import_summary(budget_import),
            sample=budget_import.rows[:50],
            problems=budget_import.problems[:500],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        budget_import = self.get_import()
        if request.POST.get("unit") in ("1", "1000"):
            try:
                services.import_unit_set(budget_import=budget_import, unit=int(request.POST["unit"]))
            except ServiceError as error:
                messages.error(request, error.message)
            return redirect(_url("preview", self.municipality.slug, pk=budget_import.pk))
        if "confirm" not in request.POST:
            messages.error(request, _("Tick the box to confirm the import."))
            return redirect(_url("preview", self.municipality.slug, pk=budget_import.pk))
        try:
            budget = services.import_confirm(budget_import=budget_import, user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(_url("preview", self.municipality.slug, pk=budget_import.pk))
        messages.success(request, _("The %(label)s has been imported.") % {"label": budget.label.lower()})
        return redirect(_url("budget", self.municipality.slug, pk=budget.pk))


class BudgetView(MunicipalityPermissionRequired, BudgetMixin, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "budget/workspace/budget.html"

    def get_context_data(self, **kwargs):
        budget = self.get_budget()
        goals = selectors.goals_list()
        rows = selectors.budget_goals(budget=budget, goals=goals)
        return super().get_context_data(
            budget=budget,
            lines=selectors.budget_lines(budget=budget),
            goal_rows=rows,
            chart=selectors.chart_bars(rows),
            goals_by_number={g.number: g for g in goals},
            key_form=KeyModeForm(initial={"key_mode": budget.key_mode}),
            **kwargs,
        )


class KeyModeView(MunicipalityPermissionRequired, BudgetMixin, View):
    """The municipality's choice for support taakvelden in this budget: in proportion, or separately."""

    permission = Perm.EDIT_DATA

    def post(self, request, *args, **kwargs):
        budget = self.get_budget()
        form = KeyModeForm(request.POST)
        if form.is_valid():
            services.budget_key_mode_set(budget=budget, user=request.user, mode=form.cleaned_data["key_mode"])
            messages.success(request, _("The key has been changed; the amounts per goal have been recalculated."))
        else:
            messages.error(request, _("Choose how support taakvelden are shown."))
        return redirect(_url("budget", self.municipality.slug, pk=budget.pk) + "#key")


class LineView(MunicipalityPermissionRequired, BudgetMixin, TemplateView):
    """Tag one line: own split over goals (exactly 100 %) with why, back to the key, own sub-lines."""

    template_name = "budget/workspace/line.html"

    @property
    def permission(self):
        return Perm.VIEW_WORKSPACE if self.request.method == "GET" else Perm.EDIT_DATA

    def get_line(self):
        return get_object_or_404(
            BudgetLine.objects.select_related("taakveld", "parent__taakveld"), pk=self.kwargs["line_pk"], budget=self.get_budget()
        )

    def get_context_data(self, **kwargs):
        line = self.get_line()
        goals = selectors.goals_list()
        current = services.line_current_shares(line)
        kwargs.setdefault("form", TagForm(goals=goals, initial_shares=current, initial={"reason": line.reason}))
        kwargs.setdefault("subline_form", SublineForm(goals=goals))
        key = [(s.goal_id, s.percentage, s.targets) for s in KeyShare.objects.filter(taakveld_id=line.taakveld_id).order_by("goal_id")]
        by_number = {g.number: g for g in goals}
        return super().get_context_data(
            budget=self.get_budget(),
            line=line,
            key=[(by_number[g], p, targets) for g, p, targets in key if g in by_number],
            children=line.children.all(),
            events=line.events.select_related("actor")[:20],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        line = self.get_line()
        budget = self.get_budget()
        here = _url("line", self.municipality.slug, pk=budget.pk, line_pk=line.pk)
        goals = selectors.goals_list()
        action = request.POST.get("action", "tag")
        try:
            if action == "reset":
                services.line_reset(line=line, user=request.user)
                messages.success(request, _("This line follows the default key again."))
                return redirect(here)
            if action == "remove":
                parent = line.parent_id
                services.subline_remove(line=line, user=request.user)
                messages.success(request, _("The own line has been removed."))
                return redirect(_url("line", self.municipality.slug, pk=budget.pk, line_pk=parent))
            if action == "subline":
                form = SublineForm(request.POST, goals=goals)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(subline_form=form))
                data = form.cleaned_data
                services.subline_add(
                    parent=line,
                    user=request.user,
                    label=data["label"],
                    lasten=data["lasten"],
                    shares=[(data["goal"], services.HUNDRED)],
                    reason=data["reason"],
                )
                messages.success(request, _("The own line has been added."))
                return redirect(here)
            form = TagForm(request.POST, goals=goals, initial_shares=[])
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            shares = parse_percentages(form, goals)
            if form.errors:
                return self.render_to_response(self.get_context_data(form=form))
            services.line_tag(line=line, user=request.user, shares=shares, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            if action == "tag":
                form.add_error(None, error.message)
                return self.render_to_response(self.get_context_data(form=form))
            if action == "subline":
                form.add_error(None, error.message)
                return self.render_to_response(self.get_context_data(subline_form=form))
            messages.error(request, error.message)
            return redirect(here)
        messages.success(request, _("The tagging has been saved."))
        return redirect(_url("budget", self.municipality.slug, pk=budget.pk) + f"#line-{line.pk}")


class ParagraphView(MunicipalityPermissionRequired, BudgetMixin, TemplateView):
    template_name = "budget/workspace/paragraph.html"

    @property
    def permission(self):
        return Perm.VIEW_WORKSPACE if self.request.method == "GET" else Perm.EDIT_DATA

    def get_context_data(self, **kwargs):
        budget = self.get_budget()
        rows = selectors.budget_goals(budget=budget)
        kwargs.setdefault("form", ParagraphForm(initial={"paragraph": budget.paragraph or services.paragraph_generate(budget=budget)}))
        return super().get_context_data(
            budget=budget,
            goal_rows=rows,
            chart=selectors.chart_bars(rows),
            generated=not budget.paragraph,
            documents=BudgetDocument.objects.filter(budget=budget)[:5],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        budget = self.get_budget()
        if request.POST.get("action") == "regenerate":
            services.paragraph_save(budget=budget, user=request.user, text=services.paragraph_generate(budget=budget))
            messages.success(request, _("The text has been written again from the current figures."))
            return redirect(_url("paragraph", self.municipality.slug, pk=budget.pk))
        form = ParagraphForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.paragraph_save(budget=budget, user=request.user, text=form.cleaned_data["paragraph"])
        except ServiceError as error:
            form.add_error("paragraph", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The paragraph has been saved."))
        return redirect(_url("paragraph", self.municipality.slug, pk=budget.pk))


class ExportView(MunicipalityPermissionRequired, BudgetMixin, View):
    permission = Perm.VIEW_WORKSPACE
    kind = "csv"

    def get(self, request, *args, **kwargs):
        budget = self.get_budget()
        name = f"begroting-global-goals-{budget.municipality.slug}-{budget.year}-{budget.version}"
        if self.kind == "xlsx":
            response = HttpResponse(
                services.export_xlsx(budget=budget), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        else:
            response = HttpResponse(services.export_csv(budget=budget), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.kind}"'
        return response


class PdfRequestView(MunicipalityPermissionRequired, BudgetMixin, View):
    permission = Perm.VIEW_WORKSPACE  # write_permission (EDIT_DATA): queuing a PDF is a change

    def post(self, request, *args, **kwargs):
        budget = self.get_budget()
        services.pdf_request(budget=budget, user=request.user, language="en" if get_language().startswith("en") else "nl")
        messages.success(request, _("The PDF is being prepared. Reload this page in a moment to download it."))
        return redirect(_url("paragraph", self.municipality.slug, pk=budget.pk) + "#pdf")


class PdfDownloadView(MunicipalityPermissionRequired, BudgetMixin, View):
    permission = Perm.VIEW_WORKSPACE

    def get(self, request, *args, **kwargs):
        document = get_object_or_404(BudgetDocument, pk=kwargs["document"], budget=self.get_budget())
        if document.status != BudgetDocument.Status.READY or not document.file:
            raise Http404
        return private_file_response(
            request, document, "file", filename=f"begroting-{self.municipality.slug}-{document.budget.year}-{document.language}.pdf", content_type="application/pdf"
        )


class HistoryView(MunicipalityPermissionRequired, BudgetMixin, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "budget/workspace/history.html"

    def get_context_data(self, **kwargs):
        budget = self.get_budget()
        events = TaggingEvent.objects.filter(budget=budget).select_related("actor", "line__taakveld")[:200]
        return super().get_context_data(budget=budget, events=events, **kwargs)
