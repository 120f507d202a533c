from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import ServiceError
from apps.core.forms import GoalMultipleChoiceField, HoneypotMixin
from apps.goals.models import Goal
from apps.municipalities.models import Municipality

from .models import DecisionBody, Membership
from .services import application_check_open


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.get_province_display()})"


class JoinForm(HoneypotMixin, forms.Form):
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current().order_by("display_name"),
        empty_label=_("Choose your municipality"),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, help_text=_("Your first and last name."))
    email = forms.EmailField(label=_("E-mail address"), help_text=_("We send a link to this address to confirm it. Preferably your work address."))
    contact_role = forms.CharField(
        label=_("Your role or position"), max_length=150, help_text=_("For example alderman, policy adviser or council clerk.")
    )
    decision_body = forms.ChoiceField(
        label=_("Was joining decided by the council or the college? (optional)"),
        choices=[("", _("Not (yet) decided"))] + list(DecisionBody.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    decision_date = forms.DateField(
        label=_("Date of the decision (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    motivation = forms.CharField(
        label=_("Why does your municipality want to join?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences are enough. There are no minimum requirements."),
    )
    focus_goals = GoalMultipleChoiceField(
        label=_("Which goals does your municipality want to focus on? (optional)"),
        queryset=Goal.objects.all(),
        required=False,
    )

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        try:
            application_check_open(municipality=municipality)
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from exc
        return municipality

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision_date") and not cleaned.get("decision_body"):
            self.add_error("decision_body", _("Say who took the decision, or leave the date empty."))
        return cleaned


class ProfileForm(forms.ModelForm):
    focus_goals = GoalMultipleChoiceField(label=_("Focus goals"), queryset=Goal.objects.all(), required=False)

    class Meta:
        model = Membership
        fields = ["intro", "website", "focus_goals"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 5})}


class DecisionForm(forms.Form):
    """Back office: approve or decline an application with a message."""

    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Included in the e-mail. Required when declining."),
    )
