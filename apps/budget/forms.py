from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core import tabular

from .models import KeyMode, Taakveld, Version
from .services import IMPORT_MAX_BYTES


def _year_field():
    return forms.IntegerField(label=_("Year"), min_value=2017, max_value=2100, initial=lambda: timezone.localdate().year + 1)


class VersionFields(forms.Form):
    year = _year_field()
    version = forms.ChoiceField(label=_("Version"), choices=Version.choices, initial=Version.PRIMITIVE)
    number = forms.IntegerField(
        label=_("Amendment number"),
        min_value=0,
        max_value=99,
        initial=0,
        required=False,
        help_text=_("Only for a budget amendment: 1 for the first of the year, and so on."),
    )

    def clean(self):
        data = super().clean()
        if data.get("version") == Version.AMENDMENT and not data.get("number"):
            self.add_error("number", _("Give the number of the budget amendment (1, 2, ...)."))
        if data.get("version") != Version.AMENDMENT:
            data["number"] = 0
        return data


class ImportForm(VersionFields):
    file = forms.FileField(
        label=_("File (CSV, XLSX or ODS)"),
        help_text=_(
            "A CBS Iv3 export or your own begroting or jaarrekening: one line per taakveld (or per taakveld and programme) with the "
            "columns taakveld, lasten and baten; optional: programma, omschrijving, jaar, gemeente. Older taakveld codes (such as 6.71a) "
            "are mapped to the current list. At most 10 MB."
        ),
    )
    unit = forms.ChoiceField(
        label=_("Unit of the amounts"),
        choices=[("", _("Recognise from the file")), ("1", _("Euros")), ("1000", _("Thousands of euros (as in CBS Iv3 data)"))],
        required=False,
    )
    notation = forms.ChoiceField(
        label=_("Number notation"),
        choices=[("", _("Recognise from the file")), (tabular.DUTCH, _("Dutch: 1.234,56")), (tabular.ENGLISH, _("English: 1,234.56"))],
        required=False,
        help_text=_("Only needed when the preview asks for it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".ods", ".txt")):
            raise forms.ValidationError(_("Upload a CSV file (.csv), an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)."))
        return upload


class KeyModeForm(forms.Form):
    key_mode = forms.ChoiceField(label=_("Support taakvelden (overhead, treasury, general cover)"), choices=KeyMode.choices, widget=forms.RadioSelect)


class EntryLineForm(forms.Form):
    programme = forms.CharField(label=_("Programme"), max_length=150, required=False)
    taakveld = forms.ChoiceField(label=_("Taakveld"), required=False)
    lasten = forms.CharField(label=_("Expenditure (€)"), max_length=30, required=False)
    baten = forms.CharField(label=_("Income (€)"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taakveld"].choices = [("", "—"), *((t.code, f"{t.code} {t.name}") for t in Taakveld.objects.all())]


EntryFormSet = forms.formset_factory(EntryLineForm, extra=8, max_num=200, absolute_max=200)


def percentage_fields(form, initial: dict[int, Decimal], goals, prefix="goal"):
    for goal in goals:
        value = initial.get(goal.number)
        form.fields[f"{prefix}_{goal.number}"] = forms.CharField(
            label=f"{goal.number}. {goal.title_short}", required=False, max_length=8, initial="" if value is None else f"{value.normalize():f}"
        )
    return form


def parse_percentages(form, goals, prefix="goal") -> list[tuple[int, Decimal]]:
    shares = []
    for goal in goals:
        raw = (form.cleaned_data.get(f"{prefix}_{goal.number}") or "").strip().replace("%", "").replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except ArithmeticError:
            form.add_error(f"{prefix}_{goal.number}", _("Give a percentage, e.g. 40 or 12,5."))
            continue
        if not value.is_finite():
            form.add_error(f"{prefix}_{goal.number}", _("Give a percentage, e.g. 40 or 12,5."))
            continue
        if value:
            shares.append((goal.number, value))
    return shares


class TagForm(forms.Form):
    reason = forms.CharField(label=_("Why these goals and percentages?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args, goals, initial_shares, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        percentage_fields(self, dict(initial_shares), goals)

    def goal_fields(self):
        return [(g, self[f"goal_{g.number}"]) for g in self.goals]


class SublineForm(forms.Form):
    label = forms.CharField(label=_("Description of the own line"), max_length=200)
    lasten = forms.CharField(label=_("Expenditure (€)"), max_length=30)
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)
    reason = forms.CharField(label=_("Why this goal?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g.number, f"{g.number}. {g.title_short}") for g in goals]

    def clean_lasten(self):
        try:
            return tabular.to_decimal(self.cleaned_data["lasten"], tabular.DUTCH if get_language().startswith("nl") else tabular.ENGLISH).quantize(
                Decimal("0.01")
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class ParagraphForm(forms.Form):
    paragraph = forms.CharField(label=_("Text of the paragraph"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20_000, required=False)
