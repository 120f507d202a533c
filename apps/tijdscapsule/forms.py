from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import GoalMultipleChoiceField, HoneypotMixin
from apps.goals.models import Goal

from .models import EventType, Role, Visit
from .services import NAME_MAX_CHARS, PHOTO_MAX_BYTES, WISH_MAX_CHARS

DATE = {"type": "date"}


class VisitRequestForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = [
            "title",
            "event_type",
            "start_date",
            "end_date",
            "address",
            "expected_audience",
            "contact_name",
            "contact_email",
            "contact_phone",
            "notes",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "event_type": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("For example: Raadsdebat Global Goals, or Wensenavond in de bibliotheek."),
            "expected_audience": _("An estimate is fine."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = EventType.choices
        self.fields["expected_audience"].min_value = 1
        self.fields["expected_audience"].widget.attrs.update(min=1, max=100000)

    def clean_expected_audience(self):
        value = self.cleaned_data["expected_audience"]
        if value is not None and not 1 <= value <= 100000:
            raise forms.ValidationError(_("Give a number from 1 to 100,000."))
        return value


class WishForm(HoneypotMixin, forms.Form):
    text = forms.CharField(
        label=_("How do you want our world to look in 2030?"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": WISH_MAX_CHARS}),
        max_length=WISH_MAX_CHARS,
        help_text=_("At most %(max)s characters. Your wish stays sealed until the capsule is opened.") % {"max": WISH_MAX_CHARS},
        error_messages={"max_length": _("Your wish has %(show_value)d characters; at most %(limit_value)d fit in the capsule. Shorten it a little.")},
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=NAME_MAX_CHARS,
        required=False,
        help_text=_("Shown with your wish after the opening. Leave it empty to stay anonymous."),
    )
    role = forms.ChoiceField(label=_("You are"), choices=Role.choices, initial=Role.RESIDENT, widget=forms.RadioSelect)
    goals = GoalMultipleChoiceField(label=_("Which goals does your wish touch? (optional)"), queryset=Goal.objects.all(), required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most %(mb)s MB. Location data are removed; the photo stays sealed too.")
        % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ProposalDecisionForm(forms.Form):
    pass
