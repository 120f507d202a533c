import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))

    error_messages = {
        "invalid_login": _("The e-mail address and password do not match. Check both; passwords are case-sensitive."),
        "inactive": _("This account is not active."),
    }


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, but the e-mail is queued as a task that gets only the user's id and makes the
    link (token) while it runs (apps/accounts/tasks.py): no reset link in the task table."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        from .tasks import deliver_password_reset

        arguments = {"user_id": context["user"].pk, "domain": context["domain"], "protocol": context["protocol"], "language": get_language() or "nl"}
        transaction.on_commit(lambda: deliver_password_reset.enqueue(**arguments))


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    job_title = forms.CharField(label=_("Job title (optional)"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(label=_("Repeat the password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            from .models import User

            try:
                password_validation.validate_password(p1, User(email=self.email, full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.MEMBER, Role.MEMBER.label), (Role.COORDINATOR, Role.COORDINATOR.label)],
        initial=Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Coordinators also manage the team and the public profile."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(Role.MEMBER, Role.MEMBER.label), (Role.COORDINATOR, Role.COORDINATOR.label)])


class TwoFactorForm(forms.Form):
    """A code from the authenticator app; at the login step (``backup=True``) also one of the person's
    back-up codes (8 letters and digits), for when the phone is lost."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits, e.g. 123456. The app shows a new code every 30 seconds."),
        min_length=6,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def __init__(self, *args, backup: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup = backup
        if backup:
            field = self.fields["token"]
            field.label = _("Code from your authenticator app, or a back-up code")
            field.help_text = _("Six digits from the app (a new code every 30 seconds), or one of your back-up codes of 8 letters and digits.")
            field.widget.attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "").lower()
        if token.isdigit() and 6 <= len(token) <= 8:
            return token
        if self.backup and re.fullmatch(r"[a-z2-7]{8}", token):
            return token
        if self.backup:
            raise forms.ValidationError(_("Enter the digits from the app, or a back-up code of 8 letters and digits."))
        raise forms.ValidationError(_("Enter only the digits of the code."))
