"""Support in the workspace: a municipality's own requests only (members and coordinators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.permissions import MunicipalityPermissionRequired, Perm, has_perm

from . import services
from .forms import ReplyForm, RequestForm
from .models import Message, SupportRequest


class RequestListView(MunicipalityPermissionRequired, FormView):
    """The municipality's requests and the form to ask a new question."""

    permission = Perm.EDIT_DATA
    template_name = "support/list.html"
    form_class = RequestForm

    def get_initial(self):
        # "Ask the campaign team" from a search without results (apps/search) fills in the subject
        return {**super().get_initial(), "subject": self.request.GET.get("onderwerp", "")[:200]}

    def get_context_data(self, **kwargs):
        requests = (
            SupportRequest.objects.filter(municipality=self.municipality)
            .select_related("requested_by")
            .annotate(message_count=Count("messages"))
        )
        return super().get_context_data(requests=requests, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            support_request, created = services.request_create(
                municipality=self.municipality,
                user=self.request.user,
                category=data["category"],
                subject=data["subject"],
                body=data["body"],
                goals=data["goals"],
                attachment=data.get("attachment"),
                token=data.get("token"),
            )
        except ServiceError as error:
            form.add_error("attachment" if isinstance(error, services.AttachmentError) else None, error.message)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, _("Your question %(number)s has been sent to the campaign team.") % {"number": support_request.number})
        return redirect(reverse("support_workspace:detail", kwargs={"slug": self.municipality.slug, "pk": support_request.pk}))


class RequestDetailView(MunicipalityPermissionRequired, FormView):
    permission = Perm.EDIT_DATA
    template_name = "support/detail.html"
    form_class = ReplyForm

    def get_support_request(self):
        return get_object_or_404(
            SupportRequest.objects.select_related("requested_by", "assigned_to").prefetch_related("goals"), pk=self.kwargs["pk"], municipality=self.municipality
        )

    def get_context_data(self, **kwargs):
        support_request = self.get_support_request()
        thread = support_request.messages.select_related("author").prefetch_related("articles", "action_formats")
        return super().get_context_data(support_request=support_request, thread=thread, **kwargs)

    def form_valid(self, form):
        support_request = self.get_support_request()
        try:
            _message, created = services.message_add(
                support_request=support_request,
                author=self.request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
                token=form.cleaned_data.get("token"),
            )
        except ServiceError as error:
            form.add_error("attachment", error.message)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, _("Your message has been sent."))
        return redirect(reverse("support_workspace:detail", kwargs={"slug": self.municipality.slug, "pk": support_request.pk}))


class RequestStatusView(MunicipalityPermissionRequired, View):
    """The municipality closes its request (answered) or reopens it."""

    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        support_request = get_object_or_404(SupportRequest, pk=pk, municipality=self.municipality)
        try:
            if "reopen" in request.POST:
                services.request_reopen(support_request=support_request, user=request.user)
                messages.success(request, _("Your question is open again; the campaign team has been told."))
            else:
                services.request_close(support_request=support_request, user=request.user)
                messages.success(request, _("Your question is closed. You can reopen it here at any time."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(reverse("support_workspace:detail", kwargs={"slug": slug, "pk": pk}))


class AttachmentView(MunicipalityPermissionRequired, View):
    """An attachment of the thread, for the municipality's own people and the campaign team only
    (never a public media URL)."""

    permission = Perm.VIEW_WORKSPACE

    def get(self, request, slug, pk, message_pk):
        if not (request.user.is_campaign_team or has_perm(request.user, Perm.EDIT_DATA, self.municipality)):
            raise PermissionDenied
        message = get_object_or_404(Message, pk=message_pk, request_id=pk, request__municipality=self.municipality)
        if not message.attachment:
            raise Http404
        return private_file_response(request, message, "attachment", filename=message.attachment_name or "bijlage")
