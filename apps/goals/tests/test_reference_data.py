import csv
import re
import unicodedata
from pathlib import Path

import pytest

from apps.goals.models import Goal, Target
from apps.goals.services import DATA_DIR

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "sdg"


def test_17_goals_and_169_targets():
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    assert Target.objects.filter(kind="outcome").count() == 107
    assert Target.objects.filter(kind="means_of_implementation").count() == 62
    for goal in Goal.objects.prefetch_related("targets"):
        assert all(t.code.split(".")[0] == str(goal.number) for t in goal.targets.all())


def test_every_text_exists_in_both_languages():
    for goal in Goal.objects.all():
        assert goal.title_short_nl and goal.title_short_en and goal.title_full_nl and goal.title_full_en
        assert re.fullmatch(r"#[0-9A-F]{6}", goal.colour)
    for target in Target.objects.all():
        assert target.title_short_nl and target.title_short_en and target.text_nl and target.text_en


def test_official_colours_and_text_contrast():
    assert Goal.objects.get(number=1).colour == "#E5243B"
    assert Goal.objects.get(number=17).colour == "#19486A"

    def luminance(hex_colour):
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for goal in Goal.objects.all():
        a, b = sorted([luminance(goal.colour), luminance(goal.text_colour)], reverse=True)
        assert (a + 0.05) / (b + 0.05) >= 3.0, goal  # large bold text on goal tiles (WCAG AA large text)


def test_translated_fields_follow_the_language():
    from django.utils import translation

    goal = Goal.objects.get(number=13)
    with translation.override("nl"):
        assert goal.title_short == "Klimaatactie"
    with translation.override("en"):
        assert goal.title_short == "Climate action"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2013", "-").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")
def test_english_texts_match_the_un_reference():
    reference_goals = {int(r["goal"]): r for r in csv.DictReader((SHARED / "goals.csv").open(encoding="utf-8"))}
    reference_targets = {r["code"]: r for r in csv.DictReader((SHARED / "targets.csv").open(encoding="utf-8"))}
    ours = list(csv.DictReader((DATA_DIR / "targets.csv").open(encoding="utf-8")))
    assert [r["code"] for r in ours] == list(reference_targets)
    for row in ours:
        assert normalise(row["text_en"]) == normalise(reference_targets[row["code"]]["text_en"]), row["code"]
        assert row["kind"] == reference_targets[row["code"]]["kind"]
    for goal in Goal.objects.all():
        assert goal.colour == reference_goals[goal.number]["colour_hex"].upper()
        assert normalise(goal.title_full_en) == normalise(reference_goals[goal.number]["title_full_en"])
