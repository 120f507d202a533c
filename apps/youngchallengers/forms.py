import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import GoalMultipleChoiceField
from apps.goals.models import Goal
from apps.knowledge.models import Topic

from .models import Challenge, YoungChallenger


class NominateForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
    full_name = forms.CharField(label=_("Name (if they have no account yet)"), required=False, max_length=150)


class ProfileForm(forms.ModelForm):
    focus_goals = GoalMultipleChoiceField(label=_("Focus goals"), queryset=Goal.objects.all(), required=False)
    topics = forms.ModelMultipleChoiceField(label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = YoungChallenger
        fields = ["role_title", "works_on", "photo", "focus_goals", "topics", "public", "public_summary"]
        widgets = {"works_on": forms.Textarea(attrs={"rows": 4}), "photo": forms.ClearableFileInput}

    def clean_photo(self):
        from apps.core.exceptions import ServiceError

        from .services import photo_check

        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo is not self.instance.photo:
            try:
                photo = photo_check(photo)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from error
        return photo

    def clean(self):
        data = super().clean()
        if data.get("public") and not (data.get("public_summary") or "").strip():
            self.add_error("public_summary", _("Write the summary that visitors will see, or untick the box."))
        return data


class ChallengeForm(forms.ModelForm):
    goals = GoalMultipleChoiceField(label=_("Goals"), queryset=Goal.objects.all())

    class Meta:
        model = Challenge
        fields = ["title", "goals", "plan", "colleagues", "status", "result", "story", "public"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in ("plan", "colleagues", "result", "story")}


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200)
    due = forms.DateField(label=_("Date (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PostForm(forms.Form):
    body = forms.CharField(label=_("Share something with the network"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this message?"), max_length=500)
