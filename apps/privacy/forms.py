from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(
        label=_("I understand that I can no longer log in, and that my municipality keeps my contributions without my name."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
