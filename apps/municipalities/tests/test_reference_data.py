import csv
import datetime as dt
from pathlib import Path

import pytest

from apps.municipalities.models import Municipality, Province, Reorganisation, SizeClass, display_name_for
from apps.municipalities.services import DATA_DIR, municipalities_load, read_boundaries, reorganisation_apply

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "gemeenten"


def test_342_current_municipalities_with_population_and_outline():
    current = Municipality.objects.current()
    assert current.count() == 342
    assert not current.filter(population__isnull=True).exists()
    assert not current.filter(map_path="").exists()
    assert sum(current.values_list("population", flat=True)) == 18_044_027
    assert Municipality.objects.get(cbs_code="GM0363").population == 934_526


def test_province_counts_match_cbs():
    expected = {
        "groningen": 10, "fryslan": 18, "drenthe": 12, "overijssel": 25, "flevoland": 6, "gelderland": 51,
        "utrecht": 26, "noord-holland": 44, "zuid-holland": 50, "zeeland": 13, "noord-brabant": 56, "limburg": 31,
    }  # fmt: skip
    counts = {p: Municipality.objects.current().filter(province=p).count() for p in Province.values}
    assert counts == expected


def test_display_names_drop_cbs_suffixes_and_slugs_are_unique():
    assert display_name_for("Bergen (NH.)") == "Bergen"
    assert display_name_for("'s-Hertogenbosch") == "'s-Hertogenbosch"
    suffixed = Municipality.objects.filter(name__contains="(")
    assert suffixed.count() == 8
    assert all("(" not in m.display_name for m in suffixed)
    slugs = list(Municipality.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert Municipality.objects.get(cbs_code="GM0796").slug == "s-hertogenbosch"


def test_size_class_is_derived_from_population():
    assert Municipality.objects.get(cbs_code="GM0363").size_class == SizeClass.FROM_250K
    assert Municipality.objects.get(cbs_code="GM0088").size_class == SizeClass.UP_TO_20K
    assert Municipality.objects.current().filter(size_class__isnull=True).count() == 0


def test_reorganisations_keep_history():
    weesp = Municipality.objects.get(cbs_code="GM0457")
    assert weesp.successor.cbs_code == "GM0363"
    assert weesp.valid_until == dt.date(2022, 3, 23)
    voorne = Municipality.objects.get(cbs_code="GM1992")
    assert sorted(voorne.predecessors.values_list("display_name", flat=True)) == ["Brielle", "Hellevoetsluis", "Westvoorne"]
    assert voorne.valid_from == dt.date(2023, 1, 1)
    assert Reorganisation.objects.count() == 2


def test_applying_a_new_reorganisation_and_reapplying_is_idempotent():
    args = {
        "effective_date": dt.date(2027, 1, 1),
        "old_codes": ["GM0088", "GM0096"],
        "old_names": ["Schiermonnikoog", "Vlieland"],
        "new_code": "GM2001",
        "new_name": "Waddeneilanden",
    }
    reorganisation_apply(**args)
    reorganisation_apply(**args)
    new = Municipality.objects.get(cbs_code="GM2001")
    assert new.province == "fryslan"
    assert set(new.predecessors.values_list("cbs_code", flat=True)) == {"GM0088", "GM0096"}
    assert Municipality.objects.current().count() == 341
    assert Reorganisation.objects.filter(new_municipality=new).count() == 1


def test_reloading_changes_nothing():
    report = municipalities_load()
    assert (report.created, report.updated) == (0, 0)


def test_outlines_are_svg_paths():
    paths = read_boundaries()
    assert len(paths) == 342
    assert all(p.startswith("M") and p.endswith("z") for p in paths.values())


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not present")
def test_repository_copy_matches_the_shared_reference():
    ours = list(csv.DictReader((DATA_DIR / "gemeenten_2025.csv").open(encoding="utf-8")))
    reference = list(csv.DictReader((SHARED / "gemeenten_2025.csv").open(encoding="utf-8")))
    assert ours == reference
