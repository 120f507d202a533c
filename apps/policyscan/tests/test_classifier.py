"""The Beleidsscan classifier: known passages, language detection, evidence that reproduces the
score, batch consistency, and the data rules (no overlap with the SDG Classification Benchmark,
training and evaluation kept apart)."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from apps.policyscan.classifier import (
    THRESHOLD,
    Evidence,
    GoalScore,
    TargetScore,
    calibrate,
    classify,
    datasets,
    detect_language,
    predict_goals,
    rescore,
)
from apps.policyscan.classifier.lexicon import Lexicon, lexicon, parse_terms
from apps.policyscan.classifier.model import features, params, score_passage, sigmoid
from apps.policyscan.classifier.rescore import rescorer

GOALS_DATA = Path(__file__).resolve().parents[2] / "goals" / "data"

# Written for these tests, in neither the training nor the evaluation files.
DUTCH = [
    (
        "De gemeente verruimt de schuldhulpverlening en verhoogt de inkomensgrens voor de minimaregelingen, zodat meer huishoudens met een laag inkomen worden geholpen.",
        {1},
    ),
    ("We leggen een zonneweide aan en plaatsen zonnepanelen op alle sporthallen; de opbrengst gaat naar de energiecoöperatie.", {7}),
    ("Met tegelwippen, wadi's en meer bomen maken we de wijk klimaatbestendig tegen hittestress en wateroverlast.", {13}),
    ("Veilig Thuis en de vrouwenopvang krijgen extra geld voor de aanpak van huiselijk geweld.", {5}),
    ("Het restafval moet omlaag: we zetten in op betere afvalscheiding, hergebruik en een kringloopwinkel bij de milieustraat.", {12}),
]
ENGLISH = [
    ("Millions of children still lack access to primary school, and too few teachers are trained to teach literacy and numeracy.", {4}),
    ("Overfishing and marine pollution threaten coral reefs and the fish stocks on which coastal communities depend.", {14}),
    ("Safe drinking water and sanitation are still out of reach for two billion people; open defecation spreads disease.", {6}),
    ("Deforestation and habitat loss drive the extinction of species and the decline of biodiversity.", {15}),
]
NONE = [
    "De vergadering wordt geopend om 20.00 uur. De agenda wordt ongewijzigd vastgesteld.",
    "The minutes of the last meeting were approved without changes.",
]


@pytest.mark.parametrize(("text", "goals"), DUTCH + ENGLISH)
def test_known_passages_get_their_goal_first(text, goals):
    result = classify([text])[0]
    assert result, text
    assert result[0].goal in goals
    assert goals <= {g.goal for g in result}


@pytest.mark.parametrize("text", NONE)
def test_procedural_passages_get_no_goal(text):
    assert classify([text]) == [[]]
    assert predict_goals(text) == []


def test_predict_goals_matches_classify():
    text = DUTCH[0][0]
    assert predict_goals(text) == [g.goal for g in classify([text])[0]]


def test_empty_and_odd_input():
    assert classify([]) == []
    assert classify(["", "   ", "12 34 56", "€ 1.200.000"]) == [[], [], [], []]
    long = " ".join([DUTCH[1][0]] * 400)  # about 45,000 characters
    assert classify([long])[0][0].goal == 7


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("De gemeente gaat de komende jaren meer woningen bouwen voor jongeren en ouderen.", "nl"),
        ("Het college stelt voor het krediet beschikbaar te stellen.", "nl"),
        ("The council will build more homes for young people and older residents in the coming years.", "en"),
        ("Access to safe water remains a challenge in many countries.", "en"),
        ("Die Stadt wird in den nächsten Jahren mehr Wohnungen für junge Menschen bauen.", "other"),
        ("La ville va construire davantage de logements pour les jeunes dans les années à venir.", "other"),
        ("1.234 5.678 9.012 3.456", "other"),
        ("", "other"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_results_are_above_threshold_and_strongest_first():
    for result in classify([t for t, _ in DUTCH + ENGLISH]):
        scores = [g.score for g in result]
        assert all(THRESHOLD <= s <= 1 for s in scores)
        assert scores == sorted(scores, reverse=True)
        for g in result:
            assert isinstance(g, GoalScore) and 1 <= g.goal <= 17
            assert all(isinstance(t, TargetScore) for t in g.targets)
            assert all(isinstance(e, Evidence) for e in g.evidence)


@pytest.mark.parametrize("text", [t for t, _ in DUTCH + ENGLISH])
def test_evidence_reproduces_the_score(text):
    """The evidence is what produced the score: its weights add up to the score, the score is the
    calibrated formula of the layer outputs (terms, target texts, the second stage's logit), and
    every term lies where it says in the passage."""
    p = params()
    language = detect_language(text)
    feats = features(text, language)
    logits = rescorer().logits(text, language)
    for g in score_passage(text):
        assert math.isclose(sum(e.weight for e in g.evidence), g.score, rel_tol=1e-9)
        f = feats[g.goal]
        z = p.bias + p.lexical * f.lexical + p.target * f.similarity + p.rescore * logits[g.goal - 1]
        assert math.isclose(g.score, sigmoid(z), rel_tol=1e-9)
        terms = [e for e in g.evidence if e.kind == "term"]
        assert len(terms) == len(f.hits)
        for e in terms:
            assert text[e.start : e.end] == e.text
        for t in g.targets:
            assert math.isclose(t.score, sum(e.weight for e in t.evidence))
            assert set(t.evidence) <= set(g.evidence)
        if g.score < THRESHOLD:
            continue
        parts = {"term": p.lexical * f.lexical, "target": p.target * f.similarity, "context": p.rescore * logits[g.goal - 1]}
        total = sum(parts.values())
        for kind, part in parts.items():
            share = sum(e.weight for e in g.evidence if e.kind == kind)
            assert math.isclose(share, g.score * part / total, rel_tol=1e-9, abs_tol=1e-12)


def test_target_evidence_names_a_real_target():
    codes = {row["code"]: row for row in csv.DictReader((GOALS_DATA / "targets.csv").open(encoding="utf-8"))}
    result = classify([DUTCH[0][0], ENGLISH[1][0]])
    found = [e for r in result for g in r for e in g.evidence if e.kind == "target"]
    assert found
    for e in found:
        code, _, text = e.text.partition(" ")
        assert code in codes and text in (codes[code]["text_en"], codes[code]["text_nl"])
        assert e.start is None and e.end is None


def test_removing_the_evidence_removes_the_goal():
    text = "Wij breiden de schuldhulpverlening uit."
    assert 1 in predict_goals(text)
    assert 1 not in predict_goals("Wij breiden de dienstverlening uit.")


def test_batch_equals_single():
    texts = [t for t, _ in DUTCH + ENGLISH] + NONE
    batch = classify(texts)
    assert batch == [classify([t])[0] for t in texts]
    assert classify(texts, language="nl")[0] == classify([texts[0]], language="nl")[0]


def test_language_argument_limits_the_terms():
    text = "Extreme poverty and hunger."
    assert classify([text], language="en")[0]
    assert not classify([text], language="nl")[0]  # no Dutch terms in an English sentence


# --- the data ---------------------------------------------------------------------------------------


def test_terms_parse_and_name_existing_targets():
    codes = {row["code"] for row in csv.DictReader((GOALS_DATA / "targets.csv").open(encoding="utf-8"))}
    terms = lexicon().terms
    assert len(terms) > 1000
    assert {t.goal for t in terms if t.lang == "nl"} == set(range(1, 18))
    assert {t.goal for t in terms if t.lang == "en"} == set(range(1, 18))
    for t in terms:
        assert t.target is None or (t.target in codes and t.target.split(".")[0] == str(t.goal)), t
    with pytest.raises(ValueError):
        parse_terms("18 - 1.0 nl | iets")


def test_wildcards():
    lex = Lexicon(parse_terms("1 - 1.0 nl | armoede*; *armoede; schuld hulp*\n2 - 1.0 nl | *voedsel*"))
    text = "Armoedebeleid tegen kinderarmoede, schuld hulpverlening en voedselbanken en stadsvoedselbos."
    found = [text[h.start : h.end] for h in lex.match(text)]
    assert found == ["Armoedebeleid", "kinderarmoede", "schuld hulpverlening", "voedselbanken", "stadsvoedselbos"]


def test_datasets_are_large_enough_and_apart():
    train, evaluation = datasets.training_passages(), datasets.eval_nl_passages()
    assert len(evaluation) >= 200
    assert sum(1 for p in evaluation if not p.goals) >= 20
    assert {g for p in evaluation for g in p.goals} == set(range(1, 18))
    assert {g for p in train for g in p.goals} == set(range(1, 18))
    checker = datasets.OverlapChecker([p.text for p in evaluation])
    assert [p.source for p in train if checker.match(p.text)] == []


def test_calibration_is_fitted_on_the_training_passages():
    """data/calibration.json and data/rescore.json are what calibrate.py fits on the training files
    and the target texts (and nothing else)."""
    pytest.importorskip("numpy")
    model, oof = calibrate.fit_rescorers()
    assert model == json.loads(Path(rescore.MODEL).read_text(encoding="utf-8"))
    stored = json.loads(Path(calibrate.CALIBRATION).read_text(encoding="utf-8"))
    fitted = calibrate.fit(*calibrate.design(oof))
    for name, value in zip(("bias", "lexical", "target", "rescore"), fitted, strict=True):
        assert math.isclose(stored[name], value, abs_tol=1e-3), name


def test_overlap_checker_finds_copies():
    original = "Access to clean water and basic sanitation is a human right, yet billions of people still live without it today."
    checker = datasets.OverlapChecker([original])
    assert checker.match(original.upper().replace(" ", "   ")) == "exact"
    assert checker.match(original[:90] + " and more words at the end") == "prefix"
    assert checker.match("Note: " + original.replace("today", "now")) == "ngram"
    assert checker.match("A completely different sentence about municipal budgets and taxes in the Netherlands.") is None


def test_no_overlap_with_the_sdg_classification_benchmark():
    """Nothing the classifier ships (terms, training and evaluation passages, notes) overlaps a text
    of the SDG Classification Benchmark. The benchmark's texts are only compared here, never used."""
    checker = datasets.OverlapChecker.from_benchmark()
    if checker is None:
        pytest.fail("sdgclassification-benchmark is not installed (it is in the dev extras): pip install -e '.[dev]'")
    assert len(checker.texts) == 1251
    assert datasets.overlaps(checker) == []


def test_runs_offline_without_loading_network_or_model_libraries():
    """Nothing is downloaded: classifying imports no HTTP client or model hub and needs no settings."""
    code = (
        "import sys; from apps.policyscan.classifier import classify; "
        "r = classify(['De gemeente plaatst zonnepanelen op de sporthal.']); assert r[0][0].goal == 7; "
        "bad = [m for m in ('urllib.request', 'http.client', 'requests', 'httpx', 'huggingface_hub', 'torch', 'django') if m in sys.modules]; "
        "assert not bad, bad"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, env={"HF_HUB_OFFLINE": "1", "PATH": ""}, timeout=120)  # noqa: S603


# --- issue 19: precision on Dutch municipal prose


def test_inclusief_as_a_preposition_is_not_goal_10():
    assert 10 not in predict_goals("De kosten bedragen 12.000 euro inclusief btw en inclusief installatie.")
    assert 10 in predict_goals("Wij werken aan een inclusieve samenleving: discriminatie pakken wij aan met een meldpunt.")


def test_a_policy_title_is_a_finding():
    assert 11 in predict_goals("Nota Woonbeleid")
    assert 11 in predict_goals("Woonvisie 2030")


def test_energy_as_effort_is_not_goal_7():
    assert 7 not in predict_goals("In dit project hebben de ambtenaren veel energie gestoken.")
    assert 7 not in predict_goals("Wij steken energie in goede samenwerking met de partners.")
    assert 7 in predict_goals("Wij besparen energie in alle gemeentelijke gebouwen met isolatie en ledverlichting.")


def test_dutch_stemming_joins_inflections_and_keeps_unrelated_words_apart():
    from apps.policyscan.classifier.rescore import bag
    from apps.policyscan.classifier.stemming import stem

    assert stem("inkoop", "nl") == stem("inkopen", "nl")
    assert stem("duurzaam", "nl") == stem("duurzame", "nl")
    assert stem("gezondheid", "nl") != stem("zon", "nl")  # the newer Snowball "dutch" strips ge- and merges them
    assert set(bag("De inkoop van meubilair", "nl")) & set(bag("Bij inkopen stellen wij eisen", "nl"))


def test_a_goal_needs_a_term_or_a_clear_target_resemblance():
    """Without a term a goal is no candidate unless the passage resembles one of its target texts."""
    from apps.policyscan.classifier.model import CANDIDATE_SIMILARITY

    for text in ("Dat kost energie, maar het levert veel op.", "De kosten bedragen 12.000 euro inclusief btw."):
        for f in features(text, "nl").values():
            assert f.hits or f.similarity >= CANDIDATE_SIMILARITY


def test_the_second_stage_weighs_the_context_of_a_term():
    """The same weak term ("wijk") scores higher for goal 11 where the passage is about housing than
    in a passage about an office move, and the context shows in the evidence."""
    housing = score_passage("In de wijk bouwen wij betaalbare huurwoningen voor starters en ouderen.")
    office = score_passage("Het wijkteam verhuist per 1 mei naar een ander kantoor; het telefoonnummer blijft hetzelfde.")
    goal_11 = {g.goal: g for g in housing}[11]
    assert goal_11.score >= THRESHOLD
    assert any(e.kind == "context" for e in goal_11.evidence)
    assert 11 not in {g.goal for g in office if g.score >= THRESHOLD}
    assert {g.goal: g.score for g in office}.get(11, 0.0) < goal_11.score
