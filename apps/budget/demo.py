"""Demo budgets for every member municipality: jaarrekening 2024, begroting 2025 and begroting 2026 per
Iv3 taakveld, of plausible size (about €2,150–3,400 lasten per inhabitant), plus own tagging, an own
line and a Global Goals paragraph for Utrecht. Deterministic (seeded) and idempotent; bulk inserts.

PROFILE is lasten and baten per inhabitant per taakveld in euros, derived from the begroting 2024 of
Gemeente Wassenaar as delivered to CBS (Iv3, CC BY 4.0, "Bron: CBS"), with the 2023-2024 codes mapped
to the current list and a few taakvelden Wassenaar does not use given a small amount. Every demo
municipality varies it per taakveld and scales it to its own population and level of spending."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from apps.membership.models import Membership

from .models import Budget, BudgetLine, GoalTotal, Taakveld, Version
from .services import default_key, lines_allocate, reference_load

PROFILE = {
    "0.1": (79, 0), "0.2": (57, 22), "0.3": (18, 3), "0.4": (556, 123), "0.5": (1, 36), "0.61": (13, 325), "0.62": (2, 120),
    "0.63": (4, 0), "0.64": (4, 16), "0.7": (0, 1576), "0.8": (1, -2), "0.9": (0, 0), "0.10": (0, 88), "0.11": (0, 0),
    "1.1": (97, 0), "1.2": (58, 4), "2.1": (175, 9), "2.2": (15, 5), "2.3": (0, 1), "2.4": (0, 0), "2.5": (6, 0),
    "3.1": (18, 0), "3.2": (10, 0), "3.3": (4, 4), "3.4": (8, 93), "4.1": (3, 0), "4.2": (78, 22), "4.3": (78, 29),
    "5.1": (25, 9), "5.2": (68, 19), "5.3": (21, 2), "5.4": (14, 0), "5.5": (18, 0), "5.6": (29, 5), "5.7": (183, 7),
    "6.1": (191, 93), "6.21": (43, 0), "6.22": (29, 0), "6.23": (8, 0), "6.3": (335, 239), "6.4": (38, 0), "6.5": (41, 0),
    "6.60": (37, 1), "6.711": (68, 0), "6.712": (19, 0), "6.713": (9, 0), "6.714": (20, 6), "6.751": (26, 0),
    "6.752": (111, 0), "6.753": (18, 0), "6.761": (8, 0), "6.762": (35, 0), "6.763": (22, 0), "6.791": (15, 0),
    "6.792": (12, 0), "6.811": (14, 0), "6.812": (18, 0), "6.821": (8, 0), "6.822": (3, 0), "6.91": (20, 0),
    "6.92": (44, 0), "7.1": (67, 5), "7.2": (76, 103), "7.3": (170, 211), "7.4": (61, 19), "7.5": (5, 2),
    "8.1": (63, 0), "8.2": (1, 0), "8.3": (90, 67),
}  # fmt: skip
PROFILE_TOTAL = sum(lasten for code, (lasten, _b) in PROFILE.items() if code not in ("0.10", "0.11"))

PROGRAMMES = {
    0: "Bestuur en bedrijfsvoering",
    1: "Veiligheid",
    2: "Verkeer en mobiliteit",
    3: "Economie",
    4: "Onderwijs",
    5: "Sport, cultuur en recreatie",
    6: "Sociaal domein",
    7: "Gezondheid en duurzaamheid",
    8: "Wonen en ruimte",
}
YEARS = [(2024, Version.ACCOUNTS, Decimal("1.00")), (2025, Version.PRIMITIVE, Decimal("1.04")), (2026, Version.PRIMITIVE, Decimal("1.075"))]
SOURCE = "Demo"


def _amount(value: float, *, cents: bool) -> Decimal:
    return Decimal(f"{value:.2f}") if cents else Decimal(round(value))


def build_lines(rng: random.Random, population: int, taakvelden: list[Taakveld], target: float) -> list[dict]:
    """One year's base per taakveld (per inhabitant × population × noise), scaled to ``target`` per inhabitant."""
    noise = {t.code: rng.lognormvariate(0, 0.25) for t in taakvelden}
    scale = target / sum(PROFILE[t.code][0] * noise[t.code] for t in taakvelden if t.counts_in_total)
    return [
        {
            "taakveld": t,
            "lasten": PROFILE[t.code][0] * noise[t.code] * scale * population,
            "baten": PROFILE[t.code][1] * noise[t.code] * scale * population,
        }
        for t in taakvelden
    ]


@transaction.atomic
def load_demo(*, password: str, years=YEARS, municipalities=None) -> dict:
    reference_load()
    rng = random.Random(2026)
    taakvelden = list(Taakveld.objects.all())
    key = default_key()
    if municipalities is None:
        municipalities = [m.municipality for m in Membership.objects.select_related("municipality").order_by("municipality__cbs_code")]
    have = set(Budget.objects.values_list("municipality_id", flat=True))
    created = 0
    for municipality in municipalities:
        population = municipality.population or 20_000
        target = rng.uniform(2150, 2950) + (200 if population >= 100_000 else 0)  # cities spend more on the social domain
        base = build_lines(rng, population, taakvelden, min(target, 3150))
        if municipality.pk in have:
            continue
        for year, version, growth in years:
            budget = Budget.objects.create(municipality=municipality, year=year, version=version, source=SOURCE)
            cents = version == Version.ACCOUNTS
            lines = []
            for row, item in enumerate(base, start=2):
                drift = float(growth) * rng.uniform(0.96, 1.04)
                lasten, baten = item["lasten"] * drift, item["baten"] * drift
                if not lasten and not baten:
                    continue
                t = item["taakveld"]
                lines.append(
                    BudgetLine(
                        budget=budget,
                        taakveld=t,
                        programme=PROGRAMMES[t.main],
                        lasten=_amount(lasten, cents=cents),
                        baten=_amount(baten, cents=cents),
                        row=row,
                    )
                )
            BudgetLine.objects.bulk_create(lines)
            values = [
                {
                    "id": i,
                    "taakveld_id": line.taakveld_id,
                    "parent_id": None,
                    "lasten": line.lasten,
                    "tagged": False,
                    "counts_in_total": line.taakveld.counts_in_total,
                }
                for i, line in enumerate(lines)
            ]
            per_goal, total, _unattributed = lines_allocate(values, {}, key)
            GoalTotal.objects.bulk_create([GoalTotal(budget=budget, goal_id=goal, amount=Decimal(c) / 100) for goal, c in per_goal.items()])
            budget.total_lasten = Decimal(total) / 100
            budget.total_baten = sum((line.baten for line in lines if line.taakveld.counts_in_total), Decimal(0))
            budget.save(update_fields=["total_lasten", "total_baten"])
            created += 1
    _utrecht_choices()
    return {"budgets_created": created, "budgets": Budget.objects.count(), "lines": BudgetLine.objects.count()}


def _utrecht_choices():
    """The demo coordinator's municipality made its own choices in begroting 2026."""
    from apps.accounts.models import User

    from .services import line_tag, paragraph_generate, paragraph_save, subline_add

    budget = Budget.objects.filter(municipality__cbs_code="GM0344", year=2026, version=Version.PRIMITIVE).first()
    if budget is None or budget.lines.filter(tagged=True).exists():
        return
    user = User.objects.filter(email="coordinator@utrecht.example").first()
    lines = {line.taakveld.code: line for line in budget.lines.filter(parent__isnull=True).select_related("taakveld")}
    if "7.4" in lines:
        subline_add(
            parent=lines["7.4"],
            user=user,
            label="Programma energietransitie: isolatie en warmtenetten",
            lasten=(lines["7.4"].lasten * Decimal("0.45")).quantize(Decimal(1)),
            shares=[(7, Decimal(100))],
            reason="Het programma energietransitie gaat over isoleren en aardgasvrije wijken: dat is doel 7.",
        )
    if "6.3" in lines:
        line_tag(
            line=lines["6.3"],
            user=user,
            shares=[(1, Decimal(70)), (10, Decimal(20)), (5, Decimal(10))],
            reason="Ons armoedebeleid richt zich ook op alleenstaande moeders; daarom een deel voor doel 5.",
        )
    if "5.7" in lines:
        line_tag(
            line=lines["5.7"],
            user=user,
            shares=[(15, Decimal(40)), (11, Decimal(30)), (13, Decimal(20)), (3, Decimal(10))],
            reason="Groen in de wijk is ook gezondheidsbeleid (bewegen, hittestress).",
        )
    budget.refresh_from_db()
    with translation.override("nl"):
        paragraph_save(budget=budget, user=user, text=paragraph_generate(budget=budget))
