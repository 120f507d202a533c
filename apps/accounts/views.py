from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from apps.core.permissions import LoginRequired, MunicipalityPermissionRequired, Perm, PublicView, may_judge, workspace_municipalities

from . import services
from .forms import InvitationAcceptForm, InviteForm, LoginForm, PasswordResetForm, RoleForm, TwoFactorForm
from .models import Invitation, User


class LoginView(PublicView, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(PublicView, auth_views.LogoutView):
    pass


class PasswordResetView(PublicView, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(PublicView, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(PublicView, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(PublicView, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class AccountHomeView(LoginRequired, View):
    """Where a user lands after login: the team to the back office, others to their workspace."""

    def get(self, request):
        user = request.user
        if user.is_campaign_team:
            return redirect("admin:index")
        municipalities = list(workspace_municipalities(user))
        jury_rounds = [r for r in user.award_rounds.filter(results_published=False) if may_judge(user, r)]
        coached = []
        if user.role == "coach":  # participations this coach is assigned to (per programme or per participant)
            from django.db.models import Q

            from apps.programmes.models import Registration

            coached = list(
                Registration.objects.filter(
                    Q(coach=user) | Q(programme__coaches=user), status=Registration.Status.CONFIRMED, municipality__membership__isnull=False
                )
                .select_related("programme", "municipality", "participant")
                .distinct()
                .order_by("programme__title_nl", "municipality__display_name")
            )
        if len(municipalities) == 1 and not jury_rounds and not coached:
            return redirect("workspace:home", slug=municipalities[0].slug)
        return render(request, "accounts/home.html", {"municipalities": municipalities, "jury_rounds": jury_rounds, "coached": coached})


class InvitationAcceptView(PublicView, View):
    template_name = "accounts/invitation.html"

    def _invitation(self, token):
        try:
            return services.invitation_get(token=token), None
        except (InvalidLink, ExpiredLink) as exc:
            return None, exc.message

    def get(self, request, token):
        invitation, error = self._invitation(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=400)
        form = InvitationAcceptForm(initial={"full_name": invitation.full_name, "job_title": invitation.job_title}, email=invitation.email)
        return render(request, self.template_name, {"invitation": invitation, "form": form})

    def post(self, request, token):
        invitation, error = self._invitation(token)
        if error:
            return render(request, self.template_name, {"error": error}, status=400)
        form = InvitationAcceptForm(request.POST, email=invitation.email)
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    job_title=form.cleaned_data["job_title"],
                    password=form.cleaned_data["password1"],
                    language=(get_language() or "nl")[:2],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.get_short_name()})
                if hasattr(user, "young_challenger"):  # a nominated YoungChallenger lands on their profile set-up
                    return redirect("youngchallengers:profile_edit")
                return redirect("accounts:home")
        return render(request, self.template_name, {"invitation": invitation, "form": form})


class PeopleView(MunicipalityPermissionRequired, TemplateView):
    """The coordinator's team page: who has access, open invitations, and a form to invite."""

    permission = Perm.MANAGE_PEOPLE
    template_name = "accounts/people.html"

    def get_context_data(self, **kwargs):
        people = User.objects.filter(municipality=self.municipality, is_active=True).order_by("full_name")
        invitations = Invitation.objects.open().filter(municipality=self.municipality).select_related("invited_by")
        kwargs.setdefault("form", InviteForm())
        return super().get_context_data(people=people, invitations=invitations, **kwargs)

    def post(self, request, slug):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_create(
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    role=form.cleaned_data["role"],
                    municipality=self.municipality,
                    invited_by=request.user,
                    language=(get_language() or "nl")[:2],
                )
            except ServiceError as exc:
                form.add_error("email", exc.message)
            else:
                messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect(reverse("workspace:people", kwargs={"slug": slug}))
        return self.render_to_response(self.get_context_data(form=form))


class PersonRoleView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PEOPLE

    def post(self, request, slug, pk):
        person = get_object_or_404(User, pk=pk, municipality=self.municipality, is_active=True)
        form = RoleForm(request.POST)
        if form.is_valid():
            try:
                services.person_set_role(actor=request.user, person=person, role=form.cleaned_data["role"])
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(name)s is now %(role)s.") % {"name": person.full_name, "role": person.get_role_display().lower()})
        else:
            messages.error(request, _("Choose a valid role."))
        return redirect(reverse("workspace:people", kwargs={"slug": slug}))


class PersonRemoveView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PEOPLE

    def post(self, request, slug, pk):
        person = get_object_or_404(User, pk=pk, municipality=self.municipality, is_active=True)
        try:
            services.person_deactivate(actor=request.user, person=person)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s no longer has access.") % {"name": person.full_name})
        return redirect(reverse("workspace:people", kwargs={"slug": slug}))


class InvitationRevokeView(MunicipalityPermissionRequired, View):
    permission = Perm.MANAGE_PEOPLE

    def post(self, request, slug, pk):
        invitation = get_object_or_404(Invitation, pk=pk, municipality=self.municipality)
        services.invitation_revoke(invitation=invitation)
        messages.success(request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email})
        return redirect(reverse("workspace:people", kwargs={"slug": slug}))


class TwoFactorView(LoginRequired, View):
    """Confirm a code from the authenticator app or a back-up code (and, the first time, link the app;
    then the person makes their back-up codes)."""

    template_name = "accounts/two_factor.html"

    def _next(self, request):
        from django.utils.http import url_has_allowed_host_and_scheme

        target = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = reverse("admin:index")
        return target

    def _context(self, request, form, device, confirmed):
        context = {"form": form, "next": self._next(request), "setup": not confirmed}
        if not confirmed:
            import base64

            import segno

            context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
            context["qr_svg_data"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
        return context

    def get(self, request):
        device, confirmed = services.totp_device_for(user=request.user)
        return render(request, self.template_name, self._context(request, TwoFactorForm(backup=confirmed), device, confirmed))

    def post(self, request):
        from django.utils.http import urlencode
        from django_otp import login as otp_login

        device, confirmed = services.totp_device_for(user=request.user)
        form = TwoFactorForm(request.POST, backup=confirmed)
        if form.is_valid():
            verified = services.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
            if verified is not None:
                otp_login(request, verified)
                if not confirmed:  # just linked: make the back-up codes now, so a lost phone locks nobody out
                    return redirect(reverse("accounts:backup_codes") + "?" + urlencode({"next": self._next(request)}))
                return redirect(self._next(request))
            form.add_error("token", _("This code is not right. Check the time on your phone and enter the code the app shows now."))
        return render(request, self.template_name, self._context(request, form, device, confirmed), status=200)


class BackupCodesView(TwoFactorView):
    """Back-up codes for the second step (staff): made after the second step of this session, shown once."""

    template_name = "accounts/backup_codes.html"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied
        from django.utils.http import urlencode

        user = request.user
        if user.is_authenticated and not user.is_staff:
            raise PermissionDenied  # back-up codes are for the back office's second step
        if user.is_authenticated and not user.is_verified():
            return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, codes=None):
        context = {"codes": codes, "left": services.backup_codes_left(user=request.user), "next": self._next(request)}
        response = render(request, self.template_name, context)
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self._render(request)

    def post(self, request):
        return self._render(request, codes=services.backup_codes_create(user=request.user))


class KeepAliveView(LoginRequired, View):
    """The idle-timeout warning's "Stay logged in": any request renews the session (SESSION_SAVE_EVERY_REQUEST)."""

    def get(self, request):
        from django.http import HttpResponse

        response = HttpResponse(status=204)
        response["Cache-Control"] = "no-store"
        return response
