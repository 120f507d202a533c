import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import GoalMultipleChoiceField
from apps.goals.models import Goal

from .models import Category
from .services import ATTACHMENT_MAX_BYTES


def attachment_widget():
    """A file input that the browser checks for size before sending (static/support/upload-limit.js)."""
    return forms.ClearableFileInput(
        attrs={
            "data-max-bytes": ATTACHMENT_MAX_BYTES,
            "data-too-large": _("The file %(name)s is larger than 10 MB and has not been attached. Your text is still here: choose a smaller file or leave it out."),
        }
    )


class TokenMixin(forms.Form):
    """A hidden one-time token: a form sent twice (double click, back button) makes one message."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class RequestForm(TokenMixin):
    category = forms.ChoiceField(label=_("What do you need help with?"), choices=Category.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_("Tell us what you are planning and what would help. The campaign team answers within three working days."),
    )
    goals = GoalMultipleChoiceField(label=_("Goals concerned (optional)"), queryset=Goal.objects.all(), required=False)
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=attachment_widget(),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, image or text; at most 10 MB."),
    )


class ReplyForm(TokenMixin):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False, widget=attachment_widget(), help_text=_("At most 10 MB."))


class TeamReplyForm(forms.Form):
    """The extra fields of the back office's change form of a request."""

    reply = forms.CharField(label=_("Answer to the municipality"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
