"""The Tijdscapsule in a municipality's workspace: its visits, a request, accepting proposed dates."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.exceptions import ServiceError
from apps.core.permissions import MunicipalityPermissionRequired, Perm

from . import services
from .forms import VisitRequestForm
from .models import Capsule, Visit, Wish


class DashboardView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "tijdscapsule/workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        visits = (
            Visit.objects.filter(municipality=self.municipality)
            .annotate(wish_count=Count("wishes", filter=Q(wishes__status=Wish.Status.ACCEPTED)))
            .order_by("-start_date")
        )
        return super().get_context_data(visits=visits, capsule=Capsule.current(), **kwargs)


class RequestView(MunicipalityPermissionRequired, FormView):
    permission = Perm.EDIT_DATA
    template_name = "tijdscapsule/workspace/request.html"
    form_class = VisitRequestForm

    def get_initial(self):
        user = self.request.user
        return {"contact_name": user.full_name, "contact_email": user.email, "start_date": self.request.GET.get("datum", "")[:10] or None}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        earliest = services.earliest_request_date()
        form.fields["start_date"].widget.attrs["min"] = earliest.isoformat()
        form.fields["start_date"].help_text = _("At least %(days)s days from today: %(date)s or later.") % {
            "days": services.lead_days(),
            "date": date_format(earliest, "j F Y"),
        }
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(capsule=Capsule.current(), lead_days=services.lead_days(), **kwargs)

    def form_valid(self, form):
        try:
            visit = services.visit_request(municipality=self.municipality, user=self.request.user, data=form.cleaned_data)
        except services.LeadTimeError as error:
            form.add_error("start_date", error.message)
            return self.form_invalid(form)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request has been sent to the campaign team. We have e-mailed you a confirmation of receipt; you will hear the decision by e-mail."
            ),
        )
        return redirect(reverse("tijdscapsule_workspace:visit", kwargs={"slug": self.municipality.slug, "pk": visit.pk}))


class VisitDetailView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "tijdscapsule/workspace/visit.html"

    def get_context_data(self, **kwargs):
        visit = get_object_or_404(Visit.objects.select_related("municipality"), pk=self.kwargs["pk"], municipality=self.municipality)
        counts = {row["status"]: row["n"] for row in visit.wishes.values("status").annotate(n=Count("pk")).order_by()}
        return super().get_context_data(visit=visit, counts=counts, **kwargs)


class VisitActionView(MunicipalityPermissionRequired, View):
    """POST: accept the proposed dates, or withdraw the request / cancel the visit."""

    permission = Perm.EDIT_DATA

    def post(self, request, slug, pk):
        visit = get_object_or_404(Visit, pk=pk, municipality=self.municipality)
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.visit_accept_proposal(municipality=self.municipality, user=request.user, visit=visit)
                messages.success(request, _("You accepted the proposed dates. The visit is confirmed."))
            elif action == "withdraw":
                services.visit_withdraw(municipality=self.municipality, user=request.user, visit=visit)
                messages.success(request, _("The request has been withdrawn; the campaign team has been told."))
            else:
                messages.error(request, _("Choose what you want to do."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(reverse("tijdscapsule_workspace:visit", kwargs={"slug": slug, "pk": pk}))
