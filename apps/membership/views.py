from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core import ratelimit
from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from apps.core.permissions import MunicipalityPermissionRequired, Perm, PublicView

from . import selectors, services
from .forms import JoinForm, ProfileForm


class JoinView(PublicView, FormView):
    template_name = "membership/join.html"
    form_class = JoinForm

    def get_initial(self):
        initial = super().get_initial()
        if slug := self.request.GET.get("gemeente"):
            from apps.municipalities.models import Municipality

            initial["municipality"] = Municipality.objects.current().filter(slug=slug).first()
        return initial

    def form_valid(self, form):
        from django.conf import settings

        if ratelimit.exceeded(self.request, group="join", rate=f"{settings.JOIN_RATE_LIMIT}/h"):
            form.add_error(None, _("Too many applications were sent from your network in the past hour. Please try again later."))
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            application = services.application_submit(
                municipality=data["municipality"],
                contact_name=data["contact_name"],
                email=data["email"],
                contact_role=data["contact_role"],
                motivation=data["motivation"],
                focus_goals=data["focus_goals"],
                decision_body=data["decision_body"],
                decision_date=data["decision_date"],
                language=(get_language() or "nl")[:2],
            )
        except ServiceError as exc:
            form.add_error("municipality", exc.message)
            return self.form_invalid(form)
        self.request.session["join_application"] = application.pk
        return redirect("membership:sent")


class JoinSentView(PublicView, TemplateView):
    template_name = "membership/sent.html"

    def get_context_data(self, **kwargs):
        from .models import Application

        pk = self.request.session.get("join_application")
        application = Application.objects.select_related("municipality").filter(pk=pk).first() if pk else None
        return super().get_context_data(application=application, **kwargs)


class ConfirmView(PublicView, View):
    """GET shows a button (mail scanners that follow links confirm nothing); POST confirms."""

    template_name = "membership/confirm.html"

    def get(self, request, token):
        try:
            application = services.application_from_token(token)
        except ExpiredLink as exc:
            return render(request, self.template_name, {"error": exc.message, "expired": True, "token": token}, status=410)
        except InvalidLink as exc:
            return render(request, self.template_name, {"error": exc.message}, status=400)
        return render(request, self.template_name, {"application": application, "token": token})

    def post(self, request, token):
        try:
            application = services.application_confirm(token=token)
        except ExpiredLink as exc:
            return render(request, self.template_name, {"error": exc.message, "expired": True, "token": token}, status=410)
        except InvalidLink as exc:
            return render(request, self.template_name, {"error": exc.message}, status=400)
        except ServiceError as exc:
            return render(request, self.template_name, {"error": exc.message}, status=409)
        return render(request, "membership/confirmed.html", {"application": application})


class ResendConfirmationView(PublicView, View):
    def post(self, request, token):
        try:
            application = services.application_resend_confirmation(token=token)
        except ServiceError as exc:
            return render(request, ConfirmView.template_name, {"error": exc.message}, status=400)
        request.session["join_application"] = application.pk
        messages.success(request, _("A new confirmation link has been sent to %(email)s.") % {"email": application.email})
        return redirect("membership:sent")


class WorkspaceView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "membership/workspace.html"

    def get_context_data(self, **kwargs):
        from apps.accounts.models import User
        from apps.core.sections import sections

        people = User.objects.filter(municipality=self.municipality, is_active=True).order_by("full_name")
        steps = selectors.first_steps(self.municipality)
        return super().get_context_data(
            people=people,
            sections=sections("workspace", request=self.request, municipality=self.municipality),
            first_steps=steps if not all(s["done"] for s in steps) else [],
            steps_done=sum(1 for s in steps if s["done"]),
            attention=selectors.needs_attention(self.municipality),
            **kwargs,
        )


class FirstStepDoneView(MunicipalityPermissionRequired, View):
    """Tick off a first step that leaves no trace in the data (the logo download)."""

    permission = Perm.EDIT_DATA

    def post(self, request, slug, key):
        try:
            services.first_step_done(membership=self.municipality.membership, key=key)
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(reverse("workspace:home", kwargs={"slug": slug}) + "#first-steps")


class ProfileEditView(MunicipalityPermissionRequired, FormView):
    permission = Perm.MANAGE_PROFILE
    template_name = "membership/profile_form.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.municipality.membership}

    def form_valid(self, form):
        services.membership_update_profile(
            membership=self.municipality.membership,
            intro=form.cleaned_data["intro"],
            website=form.cleaned_data["website"],
            focus_goals=form.cleaned_data["focus_goals"],
        )
        messages.success(self.request, _("The public profile has been saved."))
        return redirect(reverse("workspace:home", kwargs={"slug": self.municipality.slug}))
