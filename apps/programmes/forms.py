from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import GoalMultipleChoiceField
from apps.goals.models import Goal

from .models import Post, Submission
from .services import TEXT_MAX_CHARS


class RegistrationForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("Contact e-mail for the programme"), help_text=_("Confirmations and reminders go to this address and to yours.")
    )
    motivation = forms.CharField(
        label=_("Why do you take part? (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    focus = forms.CharField(label=_("Your focus (optional, you can choose it later)"), required=False, max_length=300)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is not None and programme.focus_prompt:
            self.fields["focus"].label = programme.focus_prompt
            self.fields["focus"].help_text = _("Optional: you can also choose it in the first session.")
        elif programme is not None:
            del self.fields["focus"]


class FocusForm(forms.Form):
    focus = forms.CharField(label=_("Our focus"), max_length=300)


class SubmissionForm(forms.ModelForm):
    goals = GoalMultipleChoiceField(label=_("Goals the text is about"), queryset=Goal.objects.all(), required=False)

    class Meta:
        model = Submission
        fields = ["title", "text", "goals", "title_en", "text_en"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 18, "data-word-count": "text"}),
            "text_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "text": _("Separate paragraphs with an empty line; the coach can comment on each paragraph."),
            "text_en": _("For the English edition of the guide. Empty: the Dutch text is used with a note."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        for name in ("text", "text_en"):
            self.fields[name].max_length = TEXT_MAX_CHARS
            self.fields[name].widget.attrs["maxlength"] = TEXT_MAX_CHARS
        self.fields["title"].label = _("Title of your text")


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    paragraph = forms.TypedChoiceField(label=_("Comment on"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, paragraphs=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", _("The whole text"))] + [(str(i), _("Paragraph %(n)s") % {"n": i}) for i in range(1, paragraphs + 1)]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(Submission.Status.CHANGES_REQUESTED, _("Ask for changes")), (Submission.Status.ACCEPTED, _("Accept this version as final"))],
    )
    message = forms.CharField(
        label=_("Message to the municipality"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices, widget=forms.RadioSelect, initial=Post.Kind.QUESTION)
    body = forms.CharField(label=_("Your question, example or note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
