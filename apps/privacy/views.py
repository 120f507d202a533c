from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.exceptions import ServiceError
from apps.core.files import private_file_response
from apps.core.permissions import LoginRequired

from . import services
from .forms import AccountDeleteForm
from .models import DataExport


class MyDataView(LoginRequired, TemplateView):
    """What the platform holds about me: download it, or delete my account."""

    template_name = "privacy/my_data.html"

    def get_context_data(self, **kwargs):
        exports = DataExport.objects.filter(user=self.request.user)[:3]
        return super().get_context_data(
            exports=exports, export_days=services.EXPORT_VALID_DAYS, privacy_url=reverse("pages:privacy"), **kwargs
        )


class ExportRequestView(LoginRequired, View):
    def post(self, request):
        export = services.export_request(user=request.user)
        if export.status == DataExport.Status.PENDING:
            messages.success(request, _("Your data is being gathered. You will get an e-mail when the file is ready."))
        return redirect("privacy:my_data")


class ExportDownloadView(LoginRequired, View):
    def get(self, request, pk):
        export = get_object_or_404(DataExport, pk=pk, user=request.user)
        if export.status != DataExport.Status.READY or not export.file:
            raise Http404
        return private_file_response(request, export, "file", filename=f"mijn-gegevens-{export.created_at:%Y%m%d}.json", content_type="application/json")


class AccountDeleteView(LoginRequired, FormView):
    template_name = "privacy/delete.html"
    form_class = AccountDeleteForm

    def form_valid(self, form):
        try:
            services.account_delete(user=self.request.user, password=form.cleaned_data["password"])
        except ServiceError as error:
            form.add_error("password" if isinstance(error, services.WrongPassword) else None, error.message)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted."))
        return redirect("pages:home")
