"""A coordinator's API keys: make one (shown once), see when each was last used, revoke."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.exceptions import ServiceError
from apps.core.permissions import MunicipalityPermissionRequired, Perm

from . import services
from .models import ApiKey


class ApiKeysView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.MANAGE_PEOPLE  # keys give access, like invitations: coordinators only
    template_name = "api/keys.html"

    def get_context_data(self, **kwargs):
        keys = ApiKey.objects.filter(municipality=self.municipality).select_related("created_by")
        new_key = self.request.session.pop("api_new_key", None)
        return super().get_context_data(keys=keys, new_key=new_key, docs_url=reverse("api_docs"), valid_days=settings.API_KEY_VALID_DAYS, **kwargs)

    def post(self, request, slug):
        try:
            _key, raw = services.api_key_create(municipality=self.municipality, name=request.POST.get("name", ""), created_by=request.user)
        except ServiceError as error:
            return self.render_to_response(self.get_context_data(error=error.message, name=request.POST.get("name", "")))
        request.session["api_new_key"] = raw  # shown once, on the page the redirect leads to
        return redirect(reverse("api_workspace:keys", kwargs={"slug": slug}))


class ApiKeyRevokeView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PEOPLE

    def post(self, request, slug, pk):
        key = get_object_or_404(ApiKey, pk=pk, municipality=self.municipality)
        services.api_key_revoke(key=key, municipality=self.municipality)
        messages.success(request, _("The key “%(name)s” has been revoked. It no longer works.") % {"name": key.name})
        return redirect(reverse("api_workspace:keys", kwargs={"slug": slug}))
