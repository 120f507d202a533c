"""The Beleidsscan in a municipality's workspace: documents, scans with progress, results with
evidence, corrections, comparison, timeline, SDG paragraph and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.permissions import MunicipalityPermissionRequired, Perm, has_perm
from apps.goals.models import Goal

from . import selectors, services
from .extraction import MAX_BYTES
from .forms import CompareForm, DocumentForm, ParagraphForm, ProposalForm
from .models import Document, PassageGoal, Scan
from .uploads import SizeLimitUploadHandler

UPLOAD_SLACK = 1024 * 1024  # the rest of the form around the file


def _dashboard(slug):
    return reverse("policyscan_workspace:dashboard", kwargs={"slug": slug})


class DocumentMixin:
    def get_document(self) -> Document:
        if not hasattr(self, "_document"):
            self._document = get_object_or_404(Document.objects.defer("pasted_text"), pk=self.kwargs["pk"], municipality=self.municipality)
        return self._document

    def get_scan(self) -> Scan | None:
        if not hasattr(self, "_scan"):
            self._scan = self.get_document().scans.order_by("-created_at").first()
        return self._scan


class DashboardView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        documents = selectors.documents_with_latest_scan(self.municipality)
        for document in documents:
            document.stale = bool(document.latest and services.scan_is_stale(document.latest))
        return super().get_context_data(documents=documents, corrections=selectors.corrections_count(self.municipality), **kwargs)


@method_decorator(csrf_exempt, name="dispatch")  # CSRF is checked in post(), after the size check (see there)
class DocumentNewView(MunicipalityPermissionRequired, TemplateView):
    """Upload or paste a document. A request larger than the limit is refused from its
    Content-Length before the body is read; one without (or with a false) length is cut off by
    SizeLimitUploadHandler while it streams in. The CSRF check runs after that."""

    permission = Perm.EDIT_DATA
    template_name = "policyscan/workspace/document_new.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", DocumentForm())
        return super().get_context_data(max_mb=MAX_BYTES // (1024 * 1024), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES + UPLOAD_SLACK:
            return self._too_large()
        limiter = SizeLimitUploadHandler(request, limit=MAX_BYTES + UPLOAD_SLACK)
        request.upload_handlers.insert(0, limiter)
        return csrf_protect(lambda req: self._post(req, limiter))(request)

    def _too_large(self):
        form = DocumentForm()
        return self.render_to_response(self.get_context_data(form=form, error=services.error_message("too_large")), status=413)

    def _post(self, request, limiter):
        if limiter.exceeded:
            return self._too_large()
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            if data.get("file"):
                document = services.document_upload(
                    municipality=self.municipality, user=request.user, upload=data["file"], title=data["title"], kind=data["kind"], year=data["year"]
                )
            else:
                document = services.document_paste(
                    municipality=self.municipality, user=request.user, text=data["text"], title=data["title"], kind=data["kind"], year=data["year"]
                )
        except ServiceError as error:
            form.add_error("file" if data.get("file") else "text", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The document has been uploaded; the scan has started. You can leave this page and come back later."))
        return redirect(document.get_absolute_url())


class ProposalNewView(MunicipalityPermissionRequired, TemplateView):
    """Paste a draft council proposal to get an SDG paragraph for it."""

    permission = Perm.EDIT_DATA
    template_name = "policyscan/workspace/proposal_new.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ProposalForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        from django.utils import timezone

        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                document = services.document_paste(
                    municipality=self.municipality,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    title=form.cleaned_data["title"],
                    kind=Document.Kind.PROPOSAL,
                    year=timezone.localdate().year,
                )
            except ServiceError as error:
                form.add_error("text", error.message)
            else:
                return redirect(reverse("policyscan_workspace:paragraph", kwargs={"slug": self.municipality.slug, "pk": document.pk}))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DocumentView(DocumentMixin, MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/document.html"

    def get_context_data(self, **kwargs):
        document, scan = self.get_document(), self.get_scan()
        context = {"document": document, "scan": scan, "stale": bool(scan and services.scan_is_stale(scan))}
        if scan and scan.status == Scan.Status.FAILED:
            context["error"] = services.error_message(scan.error_code)
        if scan and scan.status == Scan.Status.DONE:
            goals = list(Goal.objects.all())
            rows = services.profile_rows(scan, goals)
            context.update(
                rows=rows,
                gaps=[r["goal"] for r in rows if not r["passages"]],
                sections=[s for s in selectors.goal_sections(scan, goals) if s["passages"] or s.get("rejected")],
                targets=self._targets(scan),
            )
        return super().get_context_data(**context, **kwargs)

    def _targets(self, scan):
        from apps.goals.models import Target

        texts = {t.code: t for t in Target.objects.filter(code__in=[t["code"] for t in scan.targets])}
        return [{**t, "target": texts.get(t["code"])} for t in scan.targets]


class ProgressView(DocumentMixin, MunicipalityPermissionRequired, TemplateView):
    """The progress box alone, polled by htmx; without htmx, the document page."""

    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/includes/progress.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return redirect(self.get_document().get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        scan = self.get_scan()
        return super().get_context_data(document=self.get_document(), scan=scan, stale=bool(scan and services.scan_is_stale(scan)), **kwargs)


class ResumeView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        scan = self.get_scan()
        try:
            if scan is None:
                raise ServiceError(_("This document has not been scanned."))
            services.scan_resume(municipality=self.municipality, scan=scan)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The scan continues from the last saved passage."))
        return redirect(self.get_document().get_absolute_url())


class RescanView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        scan = self.get_scan()
        if scan is not None and not scan.finished and not services.scan_is_stale(scan):
            messages.error(request, _("The document is being scanned already."))
        else:
            services.scan_start(document=self.get_document())
            messages.success(request, _("The document is being scanned again."))
        return redirect(self.get_document().get_absolute_url())


class PublishView(DocumentMixin, MunicipalityPermissionRequired, View):
    """Publish the document on the public profile, or make it private again (POST ``published``)."""

    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        published = request.POST.get("published") == "1"
        document = services.document_set_published(municipality=self.municipality, document=self.get_document(), published=published)
        if published:
            messages.success(request, _("“%(title)s” is now shown on the public profile of your municipality.") % {"title": document.title})
        else:
            messages.success(request, _("“%(title)s” is private again: only your colleagues see it.") % {"title": document.title})
        return redirect(document.get_absolute_url())


class DeleteView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        document = self.get_document()
        title = document.title
        services.document_delete(municipality=self.municipality, document=document)
        messages.success(request, _("“%(title)s” and its scans have been deleted.") % {"title": title})
        return redirect(_dashboard(slug))


class GoalView(DocumentMixin, MunicipalityPermissionRequired, TemplateView):
    """Every passage of one goal in the document, strongest first, with its reasons."""

    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/goal.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("goal", None)
        scan = self.get_scan()
        if scan is None or scan.status != Scan.Status.DONE:
            raise Http404
        goal = get_object_or_404(Goal, number=self.kwargs["goal"])
        items, page = selectors.goal_passages(scan, goal.number, page=self.request.GET.get("pagina") or 1)
        entry = (scan.profile or {}).get("goals", {}).get(str(goal.number), {})
        return super().get_context_data(document=self.get_document(), scan=scan, goal=goal, items=items, page_obj=page, entry=entry, **kwargs)


class CorrectView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk, assignment):
        document = self.get_document()
        item = get_object_or_404(PassageGoal.objects.select_related("scan__document"), pk=assignment, scan__document=document)
        verdict = request.POST.get("verdict", "")
        try:
            services.assignment_correct(municipality=self.municipality, user=request.user, assignment=item, verdict=verdict)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                {
                    "confirmed": _("Goal %(goal)s confirmed for this passage."),
                    "rejected": _("Goal %(goal)s rejected for this passage; it no longer counts."),
                }.get(verdict, _("The correction of goal %(goal)s has been undone."))
                % {"goal": item.goal_id},
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = document.get_absolute_url()
        return redirect(f"{target}#assignment-{item.pk}")


class CsvView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug, pk):
        scan = self.get_scan()
        if scan is None or scan.status != Scan.Status.DONE:
            raise Http404
        response = HttpResponse(services.scan_csv(scan), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="beleidsscan-{pk}.csv"'
        return response


class ReportRequestView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        scan = self.get_scan()
        try:
            if scan is None:
                raise ServiceError(_("The report can be made once the scan is done."))
            services.report_request(municipality=self.municipality, scan=scan, language=get_language() or "nl")
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The report is being made; refresh this page in a moment to download it."))
        return redirect(f"{self.get_document().get_absolute_url()}#exports")


class ReportDownloadView(DocumentMixin, MunicipalityPermissionRequired, View):
    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug, pk):
        scan = self.get_scan()
        if scan is None or not scan.report or scan.report_status != "ready":
            raise Http404
        return private_file_response(request, scan, "report", filename=f"beleidsscan-{pk}.pdf", content_type="application/pdf")


class ParagraphView(DocumentMixin, MunicipalityPermissionRequired, TemplateView):
    """The SDG paragraph of a (proposal) document: generated from the scan, editable, saved."""

    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/paragraph.html"

    def get_context_data(self, **kwargs):
        document, scan = self.get_document(), self.get_scan()
        language = self.request.GET.get("taal") if self.request.GET.get("taal") in ("nl", "en") else (get_language() or "nl")
        generated = services.paragraph_generate(scan=scan, language=language) if scan and scan.status == Scan.Status.DONE else ""
        if "form" not in kwargs:
            kwargs["form"] = ParagraphForm(
                initial={"paragraph": document.paragraph if document.paragraph and "taal" not in self.request.GET else generated}
            )
        return super().get_context_data(
            document=document, scan=scan, generated=generated, language=language, stale=bool(scan and services.scan_is_stale(scan)), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if not has_perm(request.user, Perm.EDIT_DATA, self.municipality):
            raise PermissionDenied
        form = ParagraphForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.paragraph_save(municipality=self.municipality, document=self.get_document(), text=form.cleaned_data["paragraph"])
        messages.success(request, _("The paragraph has been saved."))
        return redirect(reverse("policyscan_workspace:paragraph", kwargs={"slug": self.municipality.slug, "pk": self.get_document().pk}))


class CompareView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/compare.html"

    def get_context_data(self, **kwargs):
        scans = selectors.latest_done_scans(self.municipality)
        form = CompareForm(self.request.GET or None, scans=scans)
        if not self.request.GET and len(scans) >= 2:
            form = CompareForm(initial={"a": scans[1].pk, "b": scans[0].pk}, scans=scans)
        rows = None
        first = second = None
        if form.is_bound and form.is_valid():
            by_pk = {s.pk: s for s in scans}
            first, second = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
            rows = services.compare_rows(first, second, list(Goal.objects.all()))
        return super().get_context_data(form=form, scans=scans, rows=rows, first=first, second=second, **kwargs)


class TimelineView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "policyscan/workspace/timeline.html"

    def get_context_data(self, **kwargs):
        scans = selectors.latest_done_scans(self.municipality)
        return super().get_context_data(timeline=services.timeline(scans, list(Goal.objects.all())), **kwargs)
