"""Demo Menukaart: categories and 90 action formats (apps/menukaart/data/formats.json), activities of
the demo members (Utrecht among them), practice examples in every moderation state, an award round
with jury scores and published results."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo import DEMO_COACH, DEMO_MEMBER, DEMO_TEAM
from apps.goals.models import Goal
from apps.membership.models import Membership

from .models import (
    ActionFormat,
    Activity,
    AwardCategory,
    AwardRound,
    Category,
    Criterion,
    Entry,
    ExampleVersion,
    ModerationEvent,
    PracticeExample,
    Score,
)

DATA = Path(__file__).parent / "data" / "formats.json"

ANSWERS = {
    "q_policy": "De raad nam in 2024 een motie aan om de Global Goals als kader te gebruiken. Bij de begroting 2025 hebben we per programma aangegeven aan welke doelen het bijdraagt, en de Global Goals-week kreeg een eigen budget van 15.000 euro. ",
    "q_integral": "We kozen bewust activiteiten die sociale, economische en ecologische doelen verbinden: een markt waar lokale ondernemers duurzame producten verkochten, een ruilbeurs voor kleding en een spreekuur over energiebesparing voor huishoudens met een laag inkomen. ",
    "q_local": "Scholen, de bibliotheek, de ondernemersvereniging en de voedselbank organiseerden elk een onderdeel. Wij brachten ze samen in drie bijeenkomsten en zorgden voor communicatie en vergunningen. ",
    "q_regional": "De buurgemeenten deden mee met een gezamenlijke fietsroute, en onze stedenbandgemeente in Ghana deelde via een videoverbinding hoe daar aan schoon water wordt gewerkt. ",
    "q_visibility": "Ruim 2.000 bezoekers, aandacht in de lokale krant en op de regionale omroep, en 40 wensen in de Tijdscapsule. De burgemeester opende de week met het hijsen van de Global Goals-vlag. ",
}


@transaction.atomic
def load_demo(*, password: str) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    categories = {}
    for order, (slug, nl, en) in enumerate(data["categories"]):
        categories[slug], _ = Category.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en, "order": order})
    goals = {g.number: g for g in Goal.objects.all()}
    formats = []
    for slug, category, title_nl, title_en, summary_nl, summary_en, goal_numbers, audience, effort, cost, weeks in data["formats"]:
        action_format, created = ActionFormat.objects.get_or_create(
            slug=slug,
            defaults={
                "category": categories[category],
                "title_nl": title_nl,
                "title_en": title_en,
                "summary_nl": summary_nl,
                "summary_en": summary_en,
                "description_nl": f"## Waarom\n\n{summary_nl}\n\n## Tips\n\n- Begin op tijd met partners zoeken.\n- Maak zichtbaar aan welke doelen het bijdraagt.\n- Deel het resultaat op het platform.",
                "description_en": f"## Why\n\n{summary_en}\n\n## Tips\n\n- Start looking for partners early.\n- Show which goals it contributes to.\n- Share the result on the platform.",
                "steps_nl": "Kies een trekker en partners\nMaak een plan met datum en budget\nNodig de doelgroep uit\nVoer het uit en maak foto's\nDeel het verslag op het platform",
                "steps_en": "Choose a lead and partners\nMake a plan with a date and budget\nInvite the audience\nCarry it out and take photos\nShare the report on the platform",
                "audience": audience,
                "effort": effort,
                "cost": cost,
                "lead_time_weeks": weeks,
            },
        )
        if created:
            action_format.goals.set([goals[n] for n in goal_numbers])
        formats.append(action_format)
    for slug, nl, en, dnl, den in data["award_categories"]:
        AwardCategory.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en, "description_nl": dnl, "description_en": den})
    if Activity.objects.exists():
        return {"formats": ActionFormat.objects.count(), "activities": Activity.objects.count()}

    rng = random.Random(2030)
    today = timezone.localdate()
    member = User.objects.filter(email=DEMO_MEMBER).first()
    memberships = list(Membership.objects.select_related("municipality").order_by("municipality__cbs_code"))
    activities = []
    for membership in memberships:
        for _ in range(rng.randint(1, 4)):
            action_format = rng.choice(formats)
            offset = rng.randint(-700, 200)
            status = Activity.Status.DONE if offset < 0 else rng.choice([Activity.Status.PLANNED, Activity.Status.IDEA])
            activities.append(
                Activity(
                    municipality=membership.municipality,
                    action_format=action_format,
                    title=action_format.title_nl,
                    start_date=today + dt.timedelta(days=offset),
                    status=status,
                    reach=rng.randint(20, 1500) if status == Activity.Status.DONE else None,
                    report="Goed bezocht; volgend jaar weer, met meer scholen." if status == Activity.Status.DONE else "",
                    partners="Bibliotheek, ondernemersvereniging",
                )
            )
    Activity.objects.bulk_create(activities)
    through = Activity.goals.through
    links = []
    for activity in Activity.objects.select_related("action_format").prefetch_related("action_format__goals"):
        links += [through(activity_id=activity.pk, goal_id=g.pk) for g in activity.action_format.goals.all()]
    through.objects.bulk_create(links, ignore_conflicts=True)

    team = User.objects.filter(email=DEMO_TEAM).first()
    by_code = {m.municipality.cbs_code: m.municipality for m in memberships}
    examples = []
    for code, title, status in [
        ("GM0344", "Global Goals-week in Utrecht", PracticeExample.Status.PUBLISHED),
        ("GM0307", "Duurzame kantine in het stadhuis", PracticeExample.Status.PUBLISHED),
        ("GM0014", "Stedenband met scholen in Ghana", PracticeExample.Status.PUBLISHED),
        ("GM0344", "Burgerbegroting Overvecht", PracticeExample.Status.CHANGES_REQUESTED),
        ("GM0599", "Armoedepact Rotterdam-Zuid", PracticeExample.Status.SUBMITTED),
    ]:
        municipality = by_code.get(code)
        if municipality is None:
            continue
        example = PracticeExample.objects.create(municipality=municipality, title=title, created_by=member, version=1, status=status, **ANSWERS)
        example.goals.set([goals[11], goals[17]])
        ExampleVersion.objects.create(example=example, number=1, title=title, goal_numbers=[11, 17], answers=ANSWERS, word_count=example.word_count, submitted_by=member)
        ModerationEvent.objects.create(example=example, version=1, status=PracticeExample.Status.SUBMITTED, actor=member)
        if status == PracticeExample.Status.CHANGES_REQUESTED:
            ModerationEvent.objects.create(example=example, version=1, status=status, actor=team, message="Mooi voorbeeld! Kunt u nog iets vertellen over de kosten en wat u een volgende keer anders zou doen?")
        if status == PracticeExample.Status.PUBLISHED:
            example.action_format = formats[0]
            example.save(update_fields=["action_format"])
            ModerationEvent.objects.create(example=example, version=1, status=status, actor=team, message="Gepubliceerd op de Menukaart. Dank u wel!")
        examples.append(example)

    award_round, _ = AwardRound.objects.get_or_create(year=today.year - 1, defaults={"entries_open": False, "jury_closed": True, "results_published": True})
    award_round_now, _ = AwardRound.objects.get_or_create(year=today.year, defaults={"entries_open": True})
    criteria = []
    for current in (award_round, award_round_now):
        for nl, en, weight in [("Verbinding met de doelen", "Connection with the goals", 2), ("Samenwerking", "Cooperation", 1), ("Navolgbaarheid", "Transferability", 1)]:
            criterion, _ = Criterion.objects.get_or_create(award_round=current, name_nl=nl, defaults={"name_en": en, "weight": weight})
            if current == award_round:
                criteria.append(criterion)
    from .admin import jury_group_ensure

    jury = list(User.objects.filter(email__in=[DEMO_COACH, DEMO_TEAM]))
    award_round.jury.set(jury)
    award_round_now.jury.set(jury)
    jury_group_ensure().user_set.add(*jury)
    User.objects.filter(pk__in=[u.pk for u in jury]).update(is_staff=True)
    categories_award = list(AwardCategory.objects.all())
    published = [e for e in examples if e.status == PracticeExample.Status.PUBLISHED]
    for index, example in enumerate(published):
        entry = Entry.objects.create(award_round=award_round, category=categories_award[index % len(categories_award)], example=example)
        for juror in jury:
            for criterion in criteria:
                Score.objects.create(entry=entry, juror=juror, criterion=criterion, value=rng.randint(6, 10))
    return {"formats": ActionFormat.objects.count(), "activities": Activity.objects.count(), "examples": PracticeExample.objects.count()}
