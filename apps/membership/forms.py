from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import ServiceError
from apps.core.forms import GoalMultipleChoiceField, HoneypotMixin
from apps.goals.models import Goal
from apps.municipalities.aliases import COMMON_NAMES
from apps.municipalities.models import Municipality
from apps.municipalities.selectors import find_by_name, option_label

from .models import DecisionBody, Membership
from .services import application_check_open


class MunicipalityNameField(forms.CharField):
    """The municipality typed by name, with a list of suggestions (a datalist: works without
    JavaScript). Common names are found too ("Den Haag" → 's-Gravenhage)."""

    widget = forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"})

    def prepare_value(self, value):
        return option_label(value) if isinstance(value, Municipality) else value

    def clean(self, value):
        text = super().clean(value)
        matches = find_by_name(text)
        if len(matches) > 1:
            raise forms.ValidationError(
                _("More than one municipality is called %(name)s: choose %(options)s.")
                % {"name": text, "options": _(" or ").join(option_label(m) for m in matches)}
            )
        if not matches:
            raise forms.ValidationError(_("We do not know a municipality called %(name)s. Choose one from the list.") % {"name": text})
        return matches[0]


class JoinForm(HoneypotMixin, forms.Form):
    municipality = MunicipalityNameField(
        label=_("Municipality"),
        max_length=100,
        help_text=_("Type the name and choose from the list. Common names such as Den Haag or Den Bosch work too."),
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

    def municipality_options(self):
        """(value, label) for the suggestions: municipalities that are not members yet, and the
        common names that lead to them."""
        open_municipalities = {m.cbs_code: m for m in Municipality.objects.current().filter(membership__isnull=True).order_by("display_name")}
        options = [(option_label(m), "") for m in open_municipalities.values()]
        for alias, code in COMMON_NAMES.items():
            if code in open_municipalities:
                options.append((alias, option_label(open_municipalities[code])))
        return options

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
