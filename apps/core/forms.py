from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS and from assistive technology); bots fill it in."""

    nickname = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        # Out of the tab order: keyboard users must not land in a field they cannot see.
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_nickname(self):
        if self.cleaned_data.get("nickname"):
            raise forms.ValidationError(_("This form could not be sent. Please try again."))
        return ""


class GoalCheckboxes(forms.CheckboxSelectMultiple):
    template_name = "components/goal_checkboxes.html"
    option_template_name = "components/goal_checkbox_option.html"


class GoalMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Goals as checkboxes with their number in the goal colour; the label is the short title."""

    widget = GoalCheckboxes

    def label_from_instance(self, obj):
        return obj.title_short
