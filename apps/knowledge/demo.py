"""Demo knowledge base: topics, articles, guides, webinars, links, and the campaign's own pages."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import Article, Audience, Page, Topic

TOPICS = [
    ("beleid", "Beleid en raad", "Policy and council"),
    ("begroting", "Begroting", "Budget"),
    ("participatie", "Participatie", "Participation"),
    ("inclusie", "Inclusie", "Inclusion"),
    ("internationaal", "Internationale samenwerking", "International cooperation"),
    ("communicatie", "Communicatie", "Communication"),
    ("monitoring", "Meten en monitoren", "Measuring and monitoring"),
]

WHY_NL = """## Een internationaal erkend raamwerk

De 17 Global Goals zijn in 2015 door alle 193 lidstaten van de Verenigde Naties aangenomen. Gemeenten die ermee werken, gebruiken dezelfde taal als het Rijk, provincies, bedrijven en steden over de hele wereld. Dat maakt beleid vergelijkbaar en laat zien waar uw gemeente bijdraagt.

## Een verbindend element

De doelen gaan over armoede én klimaat, over gezondheid én werk. Ze helpen om beleid integraal te maken: sociaal, economisch en ecologisch tegelijk. En ze verbinden: inwoners, ondernemers, scholen en maatschappelijke organisaties herkennen zich erin.

## Uw gemeente internationaal profileren

Als Global Goals-gemeente laat u zien dat u lokaal bijdraagt aan wereldwijde opgaven. U kunt uw voortgang rapporteren in een Voluntary Local Review, zoals steden wereldwijd doen, en leert van gemeenten in binnen- en buitenland.

## Geen minimumeisen

Meedoen kan zonder voorwaarden. U kiest zelf waar u begint: één activiteit, een raadsvoorstel, de begroting of een meting van uw voortgang."""

WHY_EN = """## An internationally recognised framework

The 17 Global Goals were adopted in 2015 by all 193 member states of the United Nations. Municipalities that work with them speak the same language as national government, provinces, businesses and cities around the world. That makes policy comparable and shows where your municipality contributes.

## A connecting element

The goals are about poverty and climate, about health and work. They help make policy integral: social, economic and ecological at once. And they connect: residents, entrepreneurs, schools and civil society recognise themselves in them.

## Showing your municipality internationally

As a Global Goals municipality you show that you contribute locally to global challenges. You can report your progress in a Voluntary Local Review, as cities worldwide do, and learn from municipalities at home and abroad.

## No minimum requirements

Joining has no conditions. You choose where to start: one activity, a council proposal, the budget or a measurement of your progress."""

ARTICLES = [
    ("guide", "handreiking-sdg-paragraaf", "Handreiking: de Global Goals in raadsvoorstellen", "Guide: the Global Goals in council proposals",
     "Hoe u in een raadsvoorstel zichtbaar maakt aan welke doelen het bijdraagt, met voorbeelden van vijf gemeenten.",
     "How to show in a council proposal which goals it contributes to, with examples from five municipalities.",
     [16, 17], ["beleid"], Audience.CIVIL_SERVANTS, "2025-03-12"),
    ("article", "begroting-langs-de-doelen", "De begroting langs de Global Goals leggen", "Aligning the budget with the Global Goals",
     "Van taakveld naar doel: zo koppelt u de begroting aan de Global Goals en laat u de raad zien waar het geld naartoe gaat.",
     "From taakveld to goal: how to link the budget to the Global Goals and show the council where the money goes.",
     [16, 17], ["begroting"], Audience.COUNCIL, "2025-06-02"),
    ("webinar", "webinar-lokale-inclusie", "Webinar: Global Goals en lokale inclusie", "Webinar: Global Goals and local inclusion",
     "Terugkijken: vijf gemeenten vertellen hoe zij met doel 10 werken aan een inclusieve gemeente.",
     "Watch again: five municipalities on how they use goal 10 to work towards an inclusive municipality.",
     [10, 5], ["inclusie"], Audience.CIVIL_SERVANTS, "2024-10-07"),
    ("article", "global-goals-week-organiseren", "Een Global Goals-week organiseren", "Organising a Global Goals week",
     "Een week vol activiteiten met scholen, bedrijven en bewoners: planning, partners en communicatie.",
     "A week full of activities with schools, businesses and residents: planning, partners and communication.",
     [4, 11, 17], ["participatie", "communicatie"], Audience.EVERYONE, "2025-09-01"),
    ("article", "meten-met-lokale-indicatoren", "Voortgang meten met lokale indicatoren", "Measuring progress with local indicators",
     "Welke cijfers van CBS en de Klimaatmonitor passen bij welk doel, en hoe stelt u een ambitie voor 2030?",
     "Which figures from Statistics Netherlands and the Climate Monitor fit which goal, and how do you set an ambition for 2030?",
     [13, 7, 11], ["monitoring"], Audience.CIVIL_SERVANTS, "2025-11-18"),
    ("link", "vng-international-stedenbanden", "Stedenbanden en internationale samenwerking (VNG International)", "Town twinning and international cooperation (VNG International)",
     "Hoe gemeenten met partners in het buitenland samenwerken aan de doelen.",
     "How municipalities work with partners abroad on the goals.",
     [17], ["internationaal"], Audience.EVERYONE, "2024-05-20"),
    ("article", "jonge-ambtenaren-aan-zet", "Jonge ambtenaren aan zet", "Young civil servants take the lead",
     "YoungChallengers brengen de Global Goals de organisatie in: drie verhalen en tips om te beginnen.",
     "YoungChallengers carry the Global Goals into the organisation: three stories and tips to start.",
     [4, 8, 17], ["participatie"], Audience.YOUNG, "2025-04-15"),
    ("article", "duurzaam-inkopen", "Duurzaam en sociaal inkopen met de doelen", "Sustainable and social procurement with the goals",
     "Inkoop is een sterke hefboom: zo neemt u doelen 8, 12 en 13 op in aanbestedingen.",
     "Procurement is a strong lever: how to include goals 8, 12 and 13 in tenders.",
     [8, 12, 13], ["beleid"], Audience.CIVIL_SERVANTS, "2025-01-27"),
]

BODY = """## Waarom dit ertoe doet

{summary}

## Zo pakt u het aan

1. Begin klein: kies één of twee doelen die passen bij wat de gemeente al doet.
2. Betrek collega's van andere afdelingen en partners buiten het gemeentehuis.
3. Maak zichtbaar wat er gebeurt: in de raad, op de website en op dit platform.

## Meer weten

Stel uw vraag aan het campagneteam via *Ondersteuning* in uw werkruimte."""

BODY_EN = """## Why this matters

{summary}

## How to go about it

1. Start small: choose one or two goals that fit what the municipality already does.
2. Involve colleagues from other departments and partners outside the town hall.
3. Make visible what happens: in the council, on the website and on this platform.

## Find out more

Ask the campaign team through *Support* in your workspace."""


@transaction.atomic
def load_demo(*, password: str) -> dict:
    topics = {}
    for slug, nl, en in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en})
    Page.objects.get_or_create(
        slug="waarom-meedoen",
        defaults={
            "title_nl": "Waarom meedoen?",
            "title_en": "Why join?",
            "intro_nl": "Drie redenen waarom gemeenten met de Global Goals werken.",
            "intro_en": "Three reasons why municipalities work with the Global Goals.",
            "body_nl": WHY_NL,
            "body_en": WHY_EN,
        },
    )
    for kind, slug, title_nl, title_en, summary_nl, summary_en, goals, topic_slugs, audience, date in ARTICLES:
        article, created = Article.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "title_nl": title_nl,
                "title_en": title_en,
                "summary_nl": summary_nl,
                "summary_en": summary_en,
                "body_nl": BODY.format(summary=summary_nl),
                "body_en": BODY_EN.format(summary=summary_en),
                "url": "https://www.vng.nl/" if kind in ("link", "webinar") else "",
                "audience": audience,
                "published": True,
                "published_on": dt.date.fromisoformat(date),
                "source": "Pilot Global Goals & lokale inclusie" if kind == "webinar" else "",
            },
        )
        if created:
            article.goals.set(goals)
            article.topics.set([topics[s] for s in topic_slugs])
    from apps.menukaart.models import ActionFormat

    links = {
        "handreiking-sdg-paragraaf": ["sdg-toets-raadsvoorstel", "coalitieakkoord-scan"],
        "begroting-langs-de-doelen": ["begroting-per-doel", "burgerbegroting"],
        "global-goals-week-organiseren": ["global-goals-week", "vlag-hijsen-25-september"],
        "jonge-ambtenaren-aan-zet": ["youngchallengers-challenge", "lunch-and-learn"],
        "duurzaam-inkopen": ["duurzaam-inkopen", "social-return"],
    }
    for slug, format_slugs in links.items():
        article = Article.objects.filter(slug=slug).first()
        if article is not None and not article.action_formats.exists():
            article.action_formats.set(ActionFormat.objects.filter(slug__in=format_slugs))
    return {"articles": Article.objects.count(), "pages": Page.objects.count()}
