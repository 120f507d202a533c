"""Demo monitor: every member municipality adopts a set of indicators with ten years of plausible
values (deterministic), a baseline and often an ambition for 2030; national reference values; a
draft Voluntary Local Review for Utrecht. Bulk inserts: a few seconds for 90 members."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from apps.membership.models import Membership
from apps.municipalities.models import Municipality

from .catalogue import catalogue_load
from .models import AdoptedIndicator, Indicator, ReferenceValue, Review, Value

# code: (typical value, yearly trend as a fraction, noise as a fraction, upper bound)
PROFILES = {
    "1.2.g1": (8.0, -0.02, 0.03, 100),
    "1.3.g1": (4.5, -0.015, 0.03, 100),
    "2.4.g1": (150.0, -0.02, 0.04, None),
    "3.4.g1": (76.0, 0.002, 0.01, 100),
    "3.4.g2": (50.0, 0.005, 0.015, 100),
    "3.a.g1": (20.0, -0.03, 0.03, 100),
    "4.1.g1": (1.9, -0.03, 0.06, 100),
    "4.3.g1": (33.0, 0.015, 0.02, 100),
    "5.5.g1": (32.0, 0.02, 0.03, 100),
    "6.3.g1": (3.2, 0.0, 0.04, 4),
    "7.2.g1": (10.0, 0.15, 0.05, 100),
    "7.3.g2": (1300.0, -0.025, 0.02, None),
    "8.5.g1": (66.0, 0.005, 0.01, 100),
    "8.5.g2": (5.0, -0.04, 0.06, 100),
    "9.1.g1": (5.0, 0.25, 0.05, None),
    "10.1.g1": (36000.0, 0.012, 0.01, None),
    "11.1.g1": (8.0, 0.0, 0.15, None),
    "11.6.g1": (11.0, -0.04, 0.03, None),
    "12.5.g1": (200.0, -0.05, 0.03, None),
    "12.5.g2": (55.0, 0.02, 0.02, 100),
    "13.2.g1": (9.0, -0.025, 0.03, None),
    "14.1.g2": (15.0, 0.03, 0.04, None),
    "15.1.g1": (12.0, 0.003, 0.01, 100),
    "16.1.g1": (5.0, -0.02, 0.05, None),
    "16.7.g1": (52.0, 0.0, 0.04, 100),
    "17.17.g1": (4.0, 0.15, 0.2, None),
}
ELECTION_YEARS = {2014, 2018, 2022, 2026}
NEIGHBOURHOODS = ["Wijk: Binnenstad", "Wijk: Overvecht", "Wijk: Leidsche Rijn", "Wijk: Zuidwest"]


def _years() -> list[int]:
    last = timezone.localdate().year - 2  # published statistics run about two years behind
    return list(range(last - 9, last + 1))


def _series(rng: random.Random, code: str, factor: float) -> list[tuple[int, float]]:
    base, trend, noise, upper = PROFILES[code]
    # a municipality's own pace: some improve faster, some slower, a few go the wrong way
    pace = trend * rng.choice([1.6, 1.2, 1.0, 0.7, 0.3, -0.4]) if trend else rng.uniform(-0.01, 0.01)
    value = base * factor
    points = []
    for year in _years():
        if code == "16.7.g1" and year not in ELECTION_YEARS:
            continue
        noisy = value * (1 + rng.gauss(0, noise))
        if upper is not None:
            noisy = min(noisy, upper * 0.98)
        if code == "17.17.g1":
            noisy = round(noisy)
        points.append((year, round(max(noisy, 0.0), 2)))
        value *= 1 + pace
    return points


def _ambition(code: str, baseline: float, higher: bool) -> float:
    _base, trend, _noise, upper = PROFILES[code]
    change = min(abs(trend) * 15, 0.6) or 0.1
    target = baseline * (1 + change) if higher else baseline * (1 - change)
    if upper is not None:
        target = min(target, upper * 0.95)
    return round(target, 1)


@transaction.atomic
def load_demo(*, password: str) -> dict:
    catalogue_load()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=PROFILES, municipality__isnull=True)}
    members = list(Municipality.objects.filter(pk__in=Membership.objects.values("municipality_id")).order_by("cbs_code"))
    done = set(AdoptedIndicator.objects.filter(municipality__in=members).values_list("municipality_id", flat=True).distinct())
    adoptions, values = [], []
    for municipality in members:
        if municipality.pk in done:
            continue
        rng = random.Random(f"monitor-{municipality.cbs_code}")
        utrecht = municipality.cbs_code == "GM0344"
        codes = sorted(PROFILES) if utrecht else sorted({"17.17.g1", *rng.sample(sorted(PROFILES), 13)})
        factor = rng.uniform(0.8, 1.2)
        for code in codes:
            indicator = indicators[code]
            series = _series(rng, code, factor)
            baseline_year, baseline_value = series[0]
            with_ambition = utrecht or rng.random() < 0.65
            adoptions.append(
                AdoptedIndicator(
                    municipality=municipality,
                    indicator=indicator,
                    baseline_year=baseline_year,
                    baseline_value=baseline_value,
                    target_value=_ambition(code, baseline_value, indicator.higher_is_better) if with_ambition and code != "16.7.g1" else None,
                    target_year=2030,
                    public=utrecht or rng.random() < 0.9,
                )
            )
            values.extend(Value(municipality=municipality, indicator=indicator, year=y, value=v) for y, v in series)
            if utrecht and code == "1.2.g1":
                for index, name in enumerate(NEIGHBOURHOODS):
                    values.extend(
                        Value(municipality=municipality, indicator=indicator, year=y, disaggregation=name, value=round(v * (0.6 + 0.35 * index), 2))
                        for y, v in series
                    )
    AdoptedIndicator.objects.bulk_create(adoptions, batch_size=2000)
    Value.objects.bulk_create(values, batch_size=5000)

    # national averages as the campaign team would load them from CBS (here: the demo members' mean)
    references = []
    if not ReferenceValue.objects.exists():
        sums: dict[tuple[int, int], list[float]] = {}
        for v in Value.objects.filter(disaggregation="", indicator__in=indicators.values()).values_list("indicator_id", "year", "value"):
            sums.setdefault((v[0], v[1]), []).append(v[2])
        references = [ReferenceValue(indicator_id=i, area="NL01", year=y, value=round(sum(vs) / len(vs), 2)) for (i, y), vs in sums.items()]
        ReferenceValue.objects.bulk_create(references)

    reviews = 0
    utrecht = next((m for m in members if m.cbs_code == "GM0344"), None)
    if utrecht is not None and not Review.objects.filter(municipality=utrecht).exists():
        from .vlr import default_texts

        year = timezone.localdate().year
        texts = default_texts(municipality=utrecht, language="nl", year=year)
        texts["goal_texts"] = {
            "12": "Utrecht wil in 2030 de helft minder restafval. Sinds 2022 halen we gft en pmd vaker op, en repaircafés in elke wijk helpen spullen langer mee te gaan."
        }
        Review.objects.create(municipality=utrecht, language="nl", year=year, **texts)
        reviews = 1
    return {"adopted": len(adoptions), "values": len(values), "references": len(references), "reviews": reviews}
