from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from apps.core.forms import GoalMultipleChoiceField
from apps.goals.models import Goal

from .models import ActionFormat, Activity, AwardCategory, PracticeExample


class ActivityForm(forms.ModelForm):
    goals = GoalMultipleChoiceField(label=_("Goals (empty: those of the format)"), queryset=Goal.objects.all(), required=False)
    action_format = forms.ModelChoiceField(label=_("Format from the Menukaart (optional)"), queryset=ActionFormat.objects.filter(published=True), required=False)

    class Meta:
        model = Activity
        fields = ["title", "action_format", "status", "start_date", "end_date", "goals", "partners", "reach", "report"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "report": forms.Textarea(attrs={"rows": 5}),
        }


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 8 MB. Location data are removed."))
    caption = forms.CharField(label=_("What is on the photo?"), max_length=200)


ANSWER_MAX_CHARS = 8000  # per question; the guideline for the whole example is 400-800 words


class ExampleForm(forms.ModelForm):
    goals = GoalMultipleChoiceField(label=_("Goals"), queryset=Goal.objects.all(), required=False)
    # an attachment travels with the text: adding one saves the draft first, so no typed answer is lost
    attachment = forms.FileField(
        label=_("Attachment or photo"), required=False, help_text=_("PDF, Word, PowerPoint, OpenDocument, PNG or JPEG; at most 10 MB.")
    )
    alt_text = forms.CharField(
        label=_("What is on the photo?"), required=False, max_length=250, help_text=_("Needed for a photo: read out to people who cannot see it.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in PracticeExample.QUESTIONS:
            self.fields[question].max_length = ANSWER_MAX_CHARS
            self.fields[question].validators.append(MaxLengthValidator(ANSWER_MAX_CHARS))

    class Meta:
        model = PracticeExample
        fields = ["title", "goals", *PracticeExample.QUESTIONS]
        widgets = {q: forms.Textarea(attrs={"rows": 6, "data-word-count": "example"}) for q in PracticeExample.QUESTIONS}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment or image"), help_text=_("PDF, Word, PowerPoint, OpenDocument, PNG or JPEG; at most 10 MB."))
    alt_text = forms.CharField(label=_("What is on the photo?"), required=False, max_length=250)


class AwardEntryForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Award category"), queryset=AwardCategory.objects.all(), widget=forms.RadioSelect, empty_label=None)
