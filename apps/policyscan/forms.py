from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Document


def _years():
    return [(y, str(y)) for y in range(timezone.localdate().year + 4, 1999, -1)]


class DocumentForm(forms.Form):
    """Upload a file or paste the text; title, kind and year place the scan in the timeline."""

    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF (with a text layer), Word (DOCX), OpenDocument (ODT), HTML or plain text; at most 50 MB.")
    )
    text = forms.CharField(label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    title = forms.CharField(label=_("Title"), max_length=200, required=False, help_text=_("Empty: the file name."))
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices, initial=Document.Kind.POLICY)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text."))
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text, not both."))
        if not data.get("file") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the pasted text a title."))
        return data


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the proposal"), max_length=200)
    text = forms.CharField(
        label=_("Text of the draft proposal"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the draft council or executive proposal."),
    )


class ParagraphForm(forms.Form):
    paragraph = forms.CharField(label=_("SDG paragraph"), widget=forms.Textarea(attrs={"rows": 14}), max_length=10000)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("First document"), coerce=int)
    b = forms.TypedChoiceField(label=_("Second document"), coerce=int)

    def __init__(self, *args, scans=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.pk, f"{s.document.title} ({s.document.year})") for s in scans]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
