"""Demo programmes: the finished 2021 pilot "Global Goals & lokale inclusie" (with Iedereen Doet Mee!,
five municipalities, five sessions, accepted texts and a published guide), a programme open for
registration now, and the YoungChallengers cohort 2026. Idempotent: a programme that exists is left alone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo import DEMO_COACH, DEMO_TEAM
from apps.municipalities.models import Municipality

from . import services
from .demo_texts import GUIDE_INTRO_EN, GUIDE_INTRO_NL, PILOT_TEXTS
from .models import (
    Attendance,
    Comment,
    Deliverable,
    Guide,
    Post,
    Programme,
    Registration,
    Resource,
    Session,
    Submission,
    SubmissionVersion,
)

PILOT = "global-goals-lokale-inclusie-2021"
OPEN = "global-goals-in-de-begroting"
COHORT = "youngchallengers-2026"


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


PILOT_SESSIONS = [
    (
        dt.date(2021, 4, 13),
        "Aftrap: inclusie en de Global Goals",
        "Kick-off: inclusion and the Global Goals",
        "- Welkom door VNG International en Iedereen Doet Mee!\n- Wat betekent lokale inclusie? Het VN-verdrag Handicap en doel 10\n- Ronde: elke gemeente kiest haar focus\n- Afspraken over de best-practicetekst",
        "Lees vooraf de [lokale inclusieagenda-aanpak van Iedereen Doet Mee!](https://www.iedereendoetmee.nl/).",
        "De presentatie en het verslag staan hieronder. Elke gemeente heeft haar focus gekozen.",
    ),
    (
        dt.date(2021, 4, 29),
        "Ervaringsdeskundigen betrekken",
        "Involving experts by experience",
        "- Gastspreker: een ervaringsdeskundige over meedenken met de gemeente\n- Werkvorm: wie betrekt u, en hoe?\n- Uitwisseling in tweetallen",
        "Bedenk vooraf welke inwoners u bij uw focus wilt betrekken.",
        "Verslag met de tips van de gastspreker en de werkvormen.",
    ),
    (
        dt.date(2021, 5, 27),
        "Voorbeelden uit het buitenland",
        "Examples from abroad",
        "- Inclusieve steden in Europa: wat kunnen we leren?\n- Eurocities en het netwerk van inclusieve steden\n- Vertaalslag naar de eigen gemeente",
        "Bekijk de voorbeelden uit het buitenland bij de bronnen.",
        "Presentatie en de links naar de buitenlandse voorbeelden.",
    ),
    (
        dt.date(2021, 6, 24),
        "Schrijfsessie: uw goede voorbeeld",
        "Writing session: your good example",
        "- Wat maakt een goed voorbeeld overdraagbaar?\n- Opbouw van de tekst (400-600 woorden)\n- Feedback op elkaars opzet",
        "Neem een eerste opzet van uw tekst mee.",
        "Checklist voor de best-practicetekst.",
    ),
    (
        dt.date(2021, 9, 16),
        "Terugblik en voorbereiding lancering",
        "Looking back and preparing the launch",
        "- Wat heeft het programma opgeleverd?\n- De handreiking: opbouw en planning\n- Voorbereiding van het congres op 7 oktober",
        "",
        "Verslag en de planning naar de lancering op 7 oktober.",
    ),
]


@transaction.atomic
def load_demo(*, password: str) -> dict:
    team = User.objects.filter(email=DEMO_TEAM).first()
    coach = User.objects.filter(email=DEMO_COACH).first()
    result = {}
    if not Programme.objects.filter(slug=PILOT).exists():
        result["pilot"] = _pilot(team=team, coach=coach)
    if not Programme.objects.filter(slug=OPEN).exists():
        result["open"] = _open_programme()
    if not Programme.objects.filter(slug=COHORT).exists():
        result["cohort"] = _cohort(password=password)
    result["programmes"] = Programme.objects.count()
    return result


def _pilot(*, team, coach) -> dict:
    programme = Programme.objects.create(
        published=True,
        slug=PILOT,
        title_nl="Global Goals & lokale inclusie",
        title_en="Global Goals & local inclusion",
        summary_nl="Pilotprogramma 2021 met het VNG-programma Iedereen Doet Mee!: vijf gemeenten verbinden hun lokale inclusieagenda met de Global Goals, in vijf online bijeenkomsten en een gezamenlijke handreiking.",
        summary_en="Pilot programme 2021 with the VNG programme Iedereen Doet Mee!: five municipalities connect their local inclusion agenda to the Global Goals, in five online sessions and a joint guide.",
        description_nl=(
            "## Waar gaat het over?\n\nGemeenten werken aan een inclusieve samenleving: een gemeente waar iedereen mee kan doen, met of zonder beperking, "
            "ongeacht afkomst of achtergrond. De Global Goals, en vooral doel 10 (minder ongelijkheid), bieden daarvoor een verbindend kader.\n\n"
            "## Hoe werkt het?\n\n- Vijf online bijeenkomsten van twee uur tussen april en september\n- Elke gemeente kiest in de eerste bijeenkomst een eigen focus: mensen met een beperking, een bevolkingsgroep of diversiteit\n"
            "- Elke gemeente schrijft een best-practicetekst (400-600 woorden), met begeleiding van een coach\n- De teksten vormen samen een handreiking, gelanceerd op het congres van 7 oktober 2021"
        ),
        description_en=(
            "## What is it about?\n\nMunicipalities work towards an inclusive society where everyone can take part, with or without a disability, whatever their origin or background. "
            "The Global Goals, goal 10 (reduced inequalities) above all, offer a connecting frame.\n\n"
            "## How does it work?\n\n- Five online sessions of two hours between April and September\n- In the first session each municipality chooses its own focus: people with a disability, a population group or diversity\n"
            "- Each municipality writes a best-practice text (400-600 words), guided by a coach\n- Together the texts form a guide, launched at the congress on 7 October 2021"
        ),
        partners="Iedereen Doet Mee! (VNG)",
        capacity=5,
        eligibility=Programme.Eligibility.MEMBERS,
        registration_opens=dt.date(2021, 2, 1),
        registration_closes=dt.date(2021, 3, 26),
        focus_prompt_nl="Welke inclusiefocus kiest uw gemeente?",
        focus_prompt_en="Which inclusion focus does your municipality choose?",
    )
    sessions = []
    for day, title_nl, title_en, agenda, before, after in PILOT_SESSIONS:
        sessions.append(
            Session.objects.create(
                programme=programme,
                title_nl=title_nl,
                title_en=title_en,
                date=day,
                start_time=dt.time(13, 30),
                end_time=dt.time(15, 30),
                meeting_url="https://teams.microsoft.com/l/meetup-join/global-goals-lokale-inclusie",
                agenda_nl=agenda,
                materials_before_nl=before,
                materials_after_nl=f"{after}\n\n- [Presentatie (PDF)](https://www.vng.nl/)",
            )
        )
    deliverable = Deliverable.objects.create(
        programme=programme,
        title_nl="Best-practicetekst voor de handreiking",
        title_en="Best-practice text for the guide",
        instructions_nl="Beschrijf in 400 tot 600 woorden wat uw gemeente deed: de focus, met wie u werkte, wat het opleverde en wat andere gemeenten ervan kunnen leren. Noem de Global Goals waaraan het bijdraagt.",
        instructions_en="Describe in 400 to 600 words what your municipality did: the focus, who you worked with, the results and what other municipalities can learn. Name the Global Goals it contributes to.",
        words_min=400,
        words_max=600,
        deadline=dt.date(2021, 8, 15),
    )
    Resource.objects.create(
        programme=programme,
        kind=Resource.Kind.DOCUMENT,
        title="Iedereen Doet Mee! — lokale inclusieagenda",
        url="https://www.iedereendoetmee.nl/",
        description="Het VNG-programma voor de uitvoering van het VN-verdrag Handicap.",
    )
    Resource.objects.create(
        programme=programme,
        session=sessions[2],
        kind=Resource.Kind.ABROAD,
        title="Eurocities — inclusive cities",
        url="https://eurocities.eu/",
        description="Netwerk van Europese steden met voorbeelden van inclusief beleid.",
        country="Europa",
    )
    Resource.objects.create(
        programme=programme,
        session=sessions[2],
        kind=Resource.Kind.ABROAD,
        title="Access City Award (Europese Commissie)",
        url="https://ec.europa.eu/social/main.jsp?catId=1141",
        description="Jaarlijkse prijs voor toegankelijke steden; de winnaars beschrijven hun aanpak.",
        country="Europese Unie",
    )
    Resource.objects.create(
        programme=programme,
        kind=Resource.Kind.DOCUMENT,
        title="VN-verdrag inzake de rechten van personen met een handicap",
        url="https://www.un.org/development/desa/disabilities/convention-on-the-rights-of-persons-with-disabilities.html",
        description="De tekst van het verdrag (Engels).",
    )

    accepted_on = {
        "GM0344": dt.date(2021, 8, 24),
        "GM0828": dt.date(2021, 8, 30),
        "GM0268": dt.date(2021, 8, 20),
        "GM0855": dt.date(2021, 9, 3),
        "GM0014": dt.date(2021, 8, 27),
    }
    submitted_on = {
        "GM0344": dt.date(2021, 8, 9),
        "GM0828": dt.date(2021, 8, 12),
        "GM0268": dt.date(2021, 8, 13),
        "GM0855": dt.date(2021, 8, 19),
        "GM0014": dt.date(2021, 8, 15),
    }
    count = 0
    for code, data in PILOT_TEXTS.items():
        municipality = Municipality.objects.filter(cbs_code=code).first()
        if municipality is None:
            continue
        person = User.objects.filter(municipality=municipality).order_by("-role", "pk").first()
        registration = Registration.objects.create(
            programme=programme,
            municipality=municipality,
            registered_by=person,
            contact_email=person.email if person else f"globalgoals@{municipality.slug}.example",
            motivation="Wij willen onze inclusieagenda verbinden met de Global Goals en leren van andere gemeenten.",
            focus=data["focus"],
            status=Registration.Status.CONFIRMED,
            decided_at=_aware(dt.date(2021, 3, 30), 10),
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=_aware(dt.date(2021, 2, 10 + count), 11))
        for index, session in enumerate(sessions):
            Attendance.objects.create(session=session, registration=registration, present=not (code == "GM0855" and index == 1))
        submission = Submission.objects.create(
            deliverable=deliverable,
            registration=registration,
            title=data["title"],
            text=data["text"],
            title_en=data["title_en"],
            text_en=data["text_en"],
        )
        submission.goals.set(data["goals"])
        first_day = submitted_on[code]
        late = first_day > deliverable.deadline
        number = 0
        if code in ("GM0828", "GM0855"):  # a first version with changes asked
            number += 1
            first_text = data["text"].rsplit("\n\n", 1)[0]
            SubmissionVersion.objects.create(
                submission=submission,
                number=number,
                title=data["title"],
                text=first_text,
                word_count=len(first_text.split()),
                late=late,
                submitted_by=person,
                submitted_at=_aware(first_day, 16),
            )
            Comment.objects.create(
                submission=submission,
                version=number,
                paragraph=2,
                body="Mooi voorbeeld. Kunt u hier iets concreter maken wie er precies aan tafel zaten?",
                author=coach,
                created_at=_aware(first_day + dt.timedelta(days=2), 9),
            )
            Comment.objects.create(
                submission=submission,
                version=number,
                kind=Comment.Kind.CHANGES_REQUESTED,
                body="Sterke tekst! Voeg nog een korte tip toe voor andere gemeenten aan het eind, dan is hij compleet.",
                author=coach,
                created_at=_aware(first_day + dt.timedelta(days=2), 9, 5),
            )
        number += 1
        final_day = accepted_on[code] - dt.timedelta(days=2) if number > 1 else first_day
        SubmissionVersion.objects.create(
            submission=submission,
            number=number,
            title=data["title"],
            text=data["text"],
            title_en=data["title_en"],
            text_en=data["text_en"],
            word_count=len(data["text"].split()),
            late=late,
            submitted_by=person,
            submitted_at=_aware(final_day, 15),
        )
        Comment.objects.create(
            submission=submission,
            version=number,
            kind=Comment.Kind.ACCEPTED,
            body="Dank u wel, de tekst is definitief en gaat zo de handreiking in.",
            author=coach,
            created_at=_aware(accepted_on[code], 10),
        )
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.ACCEPTED,
            version=number,
            late=late,
            submitted_at=_aware(first_day, 16),
            accepted_at=_aware(accepted_on[code], 10),
        )
        count += 1
        if person:
            Post.objects.create(
                session=sessions[0],
                municipality=municipality,
                author=person,
                kind=Post.Kind.NOTE,
                body=f"Onze focus: {data['focus'].lower()}.",
                created_at=_aware(sessions[0].date, 15, 40 + count),
            )
    Post.objects.create(
        session=sessions[1],
        author=coach,
        kind=Post.Kind.EXAMPLE,
        body="Tip uit de sessie: betaal ervaringsdeskundigen voor hun advies, net als andere adviseurs. Dat maakt het gelijkwaardig.",
        created_at=_aware(sessions[1].date, 16),
    )
    guide = Guide.objects.create(
        programme=programme,
        title_nl="Handreiking Global Goals & lokale inclusie",
        title_en="Guide Global Goals & local inclusion",
        subtitle_nl="Vijf gemeenten over een inclusieve gemeente met de Global Goals als kader",
        subtitle_en="Five Dutch municipalities on an inclusive municipality with the Global Goals as a frame",
        intro_nl=GUIDE_INTRO_NL,
        intro_en=GUIDE_INTRO_EN,
        published_on=dt.date(2021, 10, 7),
    )
    order = {"GM0344": 1, "GM0268": 2, "GM0828": 3, "GM0855": 4, "GM0014": 5}
    services.guide_sync_chapters(guide=guide)
    for chapter in guide.chapters.select_related("submission__registration__municipality"):
        chapter.order = order.get(chapter.submission.registration.municipality.cbs_code, 9)
        chapter.save(update_fields=["order"])
    built = services.guide_build(guide_id=guide.pk)
    guide.refresh_from_db()
    guide.published = True
    guide.save(update_fields=["published"])
    services.knowledge_sync(guide=guide)
    return {"participants": count, **built}


def _open_programme() -> dict:
    today = timezone.localdate()
    start = today + dt.timedelta(days=45)
    programme = Programme.objects.create(
        published=True,
        slug=OPEN,
        title_nl="Global Goals in de begroting",
        title_en="Global Goals in the budget",
        summary_nl="Leer in vier online bijeenkomsten hoe u de Global Goals zichtbaar maakt in de begroting en de jaarrekening, met een eigen begrotingsparagraaf als resultaat.",
        summary_en="Learn in four online sessions how to make the Global Goals visible in the budget and annual accounts, with your own budget paragraph as the result.",
        description_nl="Voor financieel adviseurs, controllers en beleidsmedewerkers. Elke gemeente schrijft een concept-paragraaf 'Global Goals' voor de eigen begroting en krijgt daarop feedback van een coach.",
        description_en="For financial advisers, controllers and policy officers. Each municipality drafts a 'Global Goals' paragraph for its own budget and gets feedback from a coach.",
        partners="VNG Financiën",
        capacity=8,
        eligibility=Programme.Eligibility.MUNICIPALITIES,
        registration_opens=today - dt.timedelta(days=14),
        registration_closes=today + dt.timedelta(days=30),
        focus_prompt_nl="Welk begrotingsprogramma neemt u als eerste onder handen?",
        focus_prompt_en="Which budget programme do you take on first?",
    )
    titles = [
        ("Aftrap: waarom de doelen in de begroting?", "Kick-off: why the goals in the budget?"),
        ("Taakvelden koppelen aan de doelen", "Linking budget areas to the goals"),
        ("Indicatoren en de jaarrekening", "Indicators and the annual accounts"),
        ("Uw paragraaf besproken", "Your paragraph discussed"),
    ]
    for index, (nl, en) in enumerate(titles):
        Session.objects.create(
            programme=programme,
            title_nl=nl,
            title_en=en,
            date=start + dt.timedelta(weeks=4 * index),
            start_time=dt.time(10, 0),
            end_time=dt.time(12, 0),
            meeting_url="https://teams.microsoft.com/l/meetup-join/global-goals-begroting",
            agenda_nl="- Presentatie\n- Oefening met uw eigen begroting\n- Uitwisseling",
        )
    Deliverable.objects.create(
        programme=programme,
        title_nl="Concept-paragraaf Global Goals",
        title_en="Draft Global Goals paragraph",
        instructions_nl="Schrijf een concept-paragraaf van 300 tot 800 woorden voor uw begroting.",
        words_min=300,
        words_max=800,
        deadline=start + dt.timedelta(weeks=11),
    )
    Resource.objects.create(
        programme=programme,
        kind=Resource.Kind.DOCUMENT,
        title="Iv3-taakvelden (Rijksoverheid)",
        url="https://www.rijksoverheid.nl/",
        description="Informatie voor derden: de indeling van de gemeentebegroting.",
    )
    den_haag = Municipality.objects.filter(cbs_code="GM0518", membership__isnull=False).first()
    registered = 0
    if den_haag:
        person = User.objects.filter(municipality=den_haag).first()
        Registration.objects.create(
            programme=programme,
            municipality=den_haag,
            registered_by=person,
            contact_email=person.email if person else "globalgoals@den-haag.example",
            focus="Programma Duurzaamheid",
        )
        registered = 1
    return {"registrations": registered}


def _cohort(*, password: str) -> dict:
    """The YoungChallengers cohort 2026 (needs the YoungChallengers app: its demo people are loaded first)."""
    for module in ("apps.knowledge.demo", "apps.youngchallengers.demo"):
        loader = services.optional(module, "load_demo")
        if loader is not None:
            loader(password=password)
    programme = Programme.objects.create(
        published=True,
        slug=COHORT,
        title_nl="YoungChallengers cohort 2026",
        title_en="YoungChallengers cohort 2026",
        summary_nl="Het jaarprogramma voor YoungChallengers: vijf bijeenkomsten waarin jonge ambtenaren elkaars challenges aanscherpen, leren van inspirerende sprekers en een kort verhaal over hun challenge schrijven.",
        summary_en="The yearly programme for YoungChallengers: five meetings in which young civil servants sharpen each other's challenges, learn from inspiring speakers and write a short story about their challenge.",
        partners="Jonge Ambtenaren Netwerk",
        capacity=30,
        eligibility=Programme.Eligibility.YOUNG_CHALLENGERS,
        registration_opens=dt.date(2026, 1, 5),
        registration_closes=dt.date(2026, 2, 13),
        focus_prompt_nl="Aan welke challenge werkt u dit jaar?",
        focus_prompt_en="Which challenge do you work on this year?",
    )
    meetings = [
        (dt.date(2026, 3, 5), "Kennismaking en challenges scherp", "Meet and sharpen your challenges"),
        (dt.date(2026, 5, 14), "Collega's meekrijgen", "Bringing colleagues along"),
        (dt.date(2026, 9, 17), "Halverwege: pitches", "Halfway: pitches"),
        (dt.date(2026, 11, 12), "Resultaten en verhalen", "Results and stories"),
        (dt.date(2026, 12, 10), "Afsluiting en overdracht aan cohort 2027", "Closing and handover to cohort 2027"),
    ]
    for day, nl, en in meetings:
        Session.objects.create(
            programme=programme,
            title_nl=nl,
            title_en=en,
            date=day,
            start_time=dt.time(15, 0),
            end_time=dt.time(17, 0),
            meeting_url="https://teams.microsoft.com/l/meetup-join/youngchallengers-2026",
        )
    deliverable = Deliverable.objects.create(
        programme=programme,
        title_nl="Het verhaal van uw challenge",
        title_en="The story of your challenge",
        words_min=200,
        words_max=500,
        deadline=dt.date(2026, 12, 20),
        for_guide=False,
        instructions_nl="Vertel in 200 tot 500 woorden wat u deed, wat het opleverde en wat u anderen zou aanraden.",
    )
    young = services.optional("apps.youngchallengers.models", "YoungChallenger")
    count = 0
    if young is not None:
        for person in young.objects.select_related("user", "municipality").order_by("pk"):
            registration = Registration.objects.create(
                programme=programme,
                municipality=person.municipality,
                participant=person.user,
                registered_by=person.user,
                contact_email=person.user.email,
                focus=person.works_on[:300],
                status=Registration.Status.CONFIRMED,
                decided_at=_aware(dt.date(2026, 2, 16), 9),
            )
            for session in programme.sessions.filter(date__lt=timezone.localdate()):
                Attendance.objects.create(session=session, registration=registration, present=True)
            count += 1
            if count == 1:
                Submission.objects.create(
                    deliverable=deliverable, registration=registration, title="Een Global Goals-lunch per kwartaal", text="In onze kantine ..."
                )
    return {"participants": count}
