from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.goals.models import Goal

from .importer import MAX_BYTES, MIN_YEAR
from .models import AdoptedIndicator, Direction


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, MIN_YEAR - 1, -1)]


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = AdoptedIndicator
        fields = ["baseline_year", "baseline_value", "target_value", "target_year", "public", "note"]
        localized_fields = ["baseline_value", "target_value"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "baseline_year": _("The year you measure progress from. Empty: the first year with a value."),
            "target_value": _("Empty: the status follows the direction only (improving more than 1% a year is on track)."),
            "public": _("Shown on the public profile and in the open data."),
        }

    def clean_target_year(self):
        year = self.cleaned_data.get("target_year")
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not MIN_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Give a year between %(min)s and this year.") % {"min": MIN_YEAR})
        return year


class ValueForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    value = forms.FloatField(label=_("Value"), widget=forms.TextInput(attrs={"inputmode": "decimal"}), localize=True)
    disaggregation = forms.CharField(
        label=_("Breakdown (optional)"),
        max_length=120,
        required=False,
        help_text=_("Empty for the whole municipality; otherwise for example “Wijk: Overvecht” or “Leeftijd: 65+”."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class OwnIndicatorForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.all())
    target = forms.CharField(label=_("Target (optional)"), max_length=6, required=False, help_text=_("For example 17.17."))
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English, optional)"), max_length=200, required=False)
    definition_nl = forms.CharField(label=_("Definition (Dutch)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    definition_en = forms.CharField(
        label=_("Definition (English, optional)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    unit_nl = forms.CharField(label=_("Unit (Dutch)"), max_length=100, help_text=_("For example “aantal per jaar” or “% van de inwoners”."))
    unit_en = forms.CharField(label=_("Unit (English, optional)"), max_length=100, required=False)
    direction = forms.ChoiceField(label=_("Which direction is better?"), choices=Direction.choices, widget=forms.RadioSelect)
    decimals = forms.IntegerField(label=_("Decimals"), min_value=0, max_value=4, initial=0)
    source = forms.CharField(label=_("Source (optional)"), max_length=200, required=False)

    def clean_target(self):
        target = self.cleaned_data.get("target", "").strip()
        goal = self.cleaned_data.get("goal")
        if target and goal and not target.startswith(f"{goal.number}."):
            raise forms.ValidationError(_("The target must belong to the chosen goal (for example %(example)s).") % {"example": f"{goal.number}.1"})
        return target


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: indicator, year, value; optional: unit, municipality, breakdown, note. CSV in UTF-8 (comma or semicolon) or XLSX; at most %(max)s MB."
        )
        % {"max": MAX_BYTES // (1024 * 1024)},
    )


class ReviewCreateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("nl", _("Dutch")), ("en", _("English"))], widget=forms.RadioSelect, initial="nl")
    year = forms.TypedChoiceField(
        label=_("Year of the review"), coerce=int, choices=lambda: [(y, str(y)) for y in range(timezone.localdate().year, 2015, -1)]
    )


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000, required=False)
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000, required=False)
    conclusion = forms.CharField(label=_("Conclusion and next steps"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, required=False)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal_{goal.number}"] = forms.CharField(
                label=_("Goal %(number)s: %(title)s") % {"number": goal.number, "title": goal.title_short},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
                required=False,
            )

    def goal_fields(self):
        return [self[name] for name in self.fields if name.startswith("goal_")]

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("goal_")}
        data["goal_texts"] = {k.removeprefix("goal_"): v for k, v in self.cleaned_data.items() if k.startswith("goal_")}
        return data
