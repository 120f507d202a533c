"""Realistic demo content for `make run`: member municipalities, people in every role, applications.

Deterministic (fixed random seed) and idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import AccessGrant, Role, User
from apps.accounts.services import user_apply_role
from apps.goals.models import Goal
from apps.membership.models import Application, DecisionBody, Membership
from apps.municipalities.models import Municipality

# A selection of municipalities known for public Global Goals work, then a seeded random sample.
FEATURED = [
    "GM0344", "GM0363", "GM0518", "GM0599", "GM0828", "GM0268", "GM0855", "GM0014", "GM0153", "GM0200",
    "GM0228", "GM0202", "GM0392", "GM0546", "GM0772", "GM0796", "GM0080", "GM0106", "GM1883", "GM0935",
]  # fmt: skip

INTROS = [
    "Wij gebruiken de Global Goals als kompas voor ons coalitieakkoord en betrekken inwoners via wijkgesprekken.",
    "Onze gemeente verbindt de doelen met armoedebestrijding, de energietransitie en inclusief werkgeverschap.",
    "Met scholen, ondernemers en maatschappelijke organisaties werken we aan een duurzame en eerlijke gemeente.",
    "We leggen onze begroting langs de Global Goals en organiseren jaarlijks een Global Goals-week.",
]

DEMO_TEAM = "team@globalgoalsgemeenten.example"
DEMO_COORDINATOR = "coordinator@utrecht.example"
DEMO_MEMBER = "medewerker@utrecht.example"
DEMO_COACH = "coach@globalgoalsgemeenten.example"


def _goals(rng: random.Random, goals: list[Goal]) -> list[Goal]:
    return rng.sample(goals, rng.choice([0, 2, 3, 3, 4, 5]))


@transaction.atomic
def demo_load(*, password: str, members: int = 90) -> dict:
    rng = random.Random(2030)
    goals = list(Goal.objects.all())
    current = list(Municipality.objects.current().order_by("cbs_code"))
    by_code = {m.cbs_code: m for m in current}
    chosen = [by_code[c] for c in FEATURED if c in by_code][:members]
    others = [m for m in current if m.cbs_code not in FEATURED]
    chosen += rng.sample(others, max(0, members - len(chosen)))
    created = 0
    for index, municipality in enumerate(chosen):
        since = dt.date(2016, 9, 1) + dt.timedelta(days=rng.randint(0, 365 * 10 - 60))
        decision_body = rng.choice(["", DecisionBody.COUNCIL, DecisionBody.EXECUTIVE])
        membership, was_created = Membership.objects.get_or_create(
            municipality=municipality,
            defaults={
                "since": since,
                "decision_body": decision_body,
                "decision_date": since - dt.timedelta(days=rng.randint(7, 60)) if decision_body else None,
                "intro": INTROS[index % len(INTROS)] if index % 3 == 0 else "",
            },
        )
        if was_created:
            membership.focus_goals.set(_goals(rng, goals))
            created += 1

    utrecht = by_code["GM0344"]
    people = [
        (DEMO_TEAM, "Sanne de Vries", Role.CAMPAIGN_TEAM, None, "Campagneteam VNG International"),
        (DEMO_COORDINATOR, "Ahmed El Amrani", Role.COORDINATOR, utrecht, "Programmamanager duurzaamheid"),
        (DEMO_MEMBER, "Lotte Jansen", Role.MEMBER, utrecht, "Beleidsadviseur"),
        (DEMO_COACH, "Peter Bakker", Role.COACH, None, "Coach lokale inclusie"),
    ]
    for email, name, role, municipality, title in people:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, full_name=name, role=role, municipality=municipality, job_title=title)
            user_apply_role(user=user)
    coach = User.objects.get(email=DEMO_COACH)
    for code in ["GM0344", "GM0828", "GM0268"]:
        AccessGrant.objects.get_or_create(user=coach, municipality=by_code[code], defaults={"reason": "Pilot Global Goals & lokale inclusie"})

    applicants = [m for m in others if not Membership.objects.filter(municipality=m).exists()]
    if not Application.objects.exists():
        now = timezone.now()
        samples = [
            (
                Application.Status.PENDING,
                "Mirjam Hoekstra",
                "wethouder duurzaamheid",
                "De raad heeft in een motie gevraagd om aan te sluiten; we willen de doelen gebruiken bij de nieuwe omgevingsvisie.",
            ),
            (
                Application.Status.PENDING,
                "Kees van Dijk",
                "beleidsmedewerker internationale zaken",
                "Wij werken al met de Global Goals in ons inkoopbeleid en willen leren van andere gemeenten.",
            ),
            (
                Application.Status.PENDING,
                "Fatima Ouali",
                "raadsgriffier",
                "Jongeren uit onze gemeente vroegen ons mee te doen. We beginnen met een Global Goals-week op scholen.",
            ),
            (Application.Status.UNCONFIRMED, "Jeroen Smit", "adviseur", "Graag meer informatie over de campagne."),
            (Application.Status.DECLINED, "Test Persoon", "onbekend", "test"),
        ]
        for index, (status, name, role, motivation) in enumerate(samples[: len(applicants)]):
            municipality = applicants[(index * 7) % len(applicants)]
            application = Application.objects.create(
                municipality=municipality,
                contact_name=name,
                email=f"{name.split()[0].lower()}@{municipality.slug}.example",
                contact_role=role,
                motivation=motivation,
                status=status,
                confirmed_at=now - dt.timedelta(days=index + 1) if status != Application.Status.UNCONFIRMED else None,
                decision_message="Dit lijkt een testaanvraag; neem gerust contact op als u echt wilt aansluiten."
                if status == Application.Status.DECLINED
                else "",
            )
            application.focus_goals.set(_goals(rng, goals))
    return {"memberships_created": created, "members": Membership.objects.count(), "applications": Application.objects.count()}
