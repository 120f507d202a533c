"""Demo tour of the Tijdscapsule: past visits (2024 to today) with sealed wishes, planned visits,
an open request and a proposal waiting for an answer. Wishes are sealed with the same encryption as
real ones (crypto.py), so the demo shows nothing of them before the opening either.

Deterministic (fixed seed, dates relative to fixed days) and idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from apps.accounts.models import User
from apps.core.demo import DEMO_MEMBER, DEMO_TEAM
from apps.goals.models import Goal
from apps.municipalities.models import Municipality

from . import crypto, services
from .models import Capsule, Role, Visit, Wish

# (CBS code, first day, days, title, event type, address, audience)
PAST = [
    ("GM0344", dt.date(2024, 3, 14), 1, "Raadsdebat: Utrecht in 2030", "council_debate", "Stadhuisbrug 1, Utrecht", 120),
    ("GM0828", dt.date(2024, 5, 22), 2, "Global Goals-markt op de Heuvel", "market", "Heuvel, Oss", 600),
    ("GM0268", dt.date(2024, 9, 25), 1, "Wensenavond in de bibliotheek", "residents_evening", "Mariënburg 29, Nijmegen", 80),
    ("GM0855", dt.date(2024, 11, 12), 3, "Scholenweek Tilburg-Noord", "school", "Statenlaan 2, Tilburg", 450),
    ("GM0014", dt.date(2025, 2, 6), 1, "Debat in de raadszaal", "council_debate", "Grote Markt 1, Groningen", 90),
    ("GM0153", dt.date(2025, 4, 9), 2, "Duurzaamheidsfestival Enschede", "market", "Oude Markt, Enschede", 900),
    ("GM0392", dt.date(2025, 6, 18), 1, "Jongerenraad over de doelen", "school", "Grote Markt 2, Haarlem", 60),
    ("GM0228", dt.date(2025, 9, 24), 1, "Inwonersavond Ede 2030", "residents_evening", "Bergstraat 4, Ede", 110),
    ("GM0772", dt.date(2026, 3, 11), 2, "Global Goals-week Eindhoven", "market", "Stadhuisplein 10, Eindhoven", 700),
    ("GM0546", dt.date(2026, 6, 3), 1, "Raadsdebat Leiden", "council_debate", "Stadhuis, Breestraat 92, Leiden", 75),
    ("GM0080", dt.date(2026, 10, 7), 1, "Kinderraad en scholen", "school", "Oldehoofsterkerkhof 2, Leeuwarden", 140),
]
PLANNED = [
    ("GM0363", dt.date(2027, 1, 20), 2, "Wensenmarkt in het Stadhuis", "market", "Amstel 1, Amsterdam", 800, "confirmed"),
    ("GM0599", dt.date(2027, 3, 10), 1, "Raadsdebat Rotterdam 2030", "council_debate", "Coolsingel 40, Rotterdam", 150, "confirmed"),
    ("GM0518", dt.date(2027, 5, 12), 3, "Scholenproject Den Haag", "school", "Spui 70, Den Haag", 500, "confirmed"),
    ("GM0202", dt.date(2027, 6, 16), 1, "Inwonersavond Arnhem", "residents_evening", "Koningstraat 38, Arnhem", 90, "requested"),
    ("GM0200", dt.date(2027, 3, 11), 1, "Markt op het Marktplein", "market", "Marktplein, Apeldoorn", 400, "proposed"),
]
WISHES = [
    ("Dat ieder kind in onze gemeente elke dag een gezonde lunch krijgt, op school of thuis.", "burgemeester"),
    ("Ik wens dat de rivier zo schoon is dat mijn kleinkinderen er weer in kunnen zwemmen.", "inwoner"),
    ("Geen enkel huis meer op het gas, en de energie van de wijk zelf opgewekt.", "wethouder"),
    ("Dat mensen met een beperking overal gewoon mee kunnen doen: in de bus, op het werk en in de sportclub.", "raadslid"),
    ("Meer bomen in onze straat, zodat het in de zomer niet zo heet is.", "leerling"),
    ("Een gemeente waar niemand eenzaam is. Iedereen kent minstens één buur bij naam.", "inwoner"),
    ("Ik hoop dat mijn moeder niet meer hoeft te kiezen tussen de huur en de boodschappen.", "leerling"),
    ("Dat we alles wat we inkopen eerlijk inkopen: geen kinderarbeid in onze koffie en kleding.", "wethouder"),
    ("Fietspaden waar je als kind veilig alleen naar school kunt fietsen.", "leerling"),
    ("Een raad die vaker luistert naar jongeren, en niet alleen in de verkiezingstijd.", "leerling"),
    ("Dat er genoeg betaalbare huizen zijn, zodat ik in mijn eigen dorp kan blijven wonen.", "inwoner"),
    ("Dat vrouwen en mannen evenveel verdienen voor hetzelfde werk, ook bij de gemeente.", "raadslid"),
    ("Ik wens dat onze stedenband met Ghana leidt tot schoon drinkwater voor de hele regio daar.", "burgemeester"),
    ("Minder plastic op straat en in de sloot. Statiegeld op alles!", "leerling"),
    ("Dat de voedselbank in 2030 niet meer nodig is.", "wethouder"),
    ("Groene schoolpleinen waar we kunnen spelen en leren over de natuur.", "leerling"),
    ("Dat iedereen die hier komt wonen zich welkom voelt, waar je ook vandaan komt.", "inwoner"),
    ("Een bus die ook 's avonds en in het weekend naar ons dorp rijdt.", "inwoner"),
    ("Dat onze haven de eerste klimaatneutrale haven van Europa is.", "raadslid"),
    ("Ik wil dat bijen en vlinders terugkomen in onze tuinen en bermen.", "leerling"),
    ("Dat zorg dichtbij blijft: een huisarts en een wijkverpleegkundige in elke kern.", "wethouder"),
    ("Dat wij als raad elk besluit ook toetsen aan de Global Goals, niet alleen aan de begroting.", "raadslid"),
    ("Ik hoop dat er geen oorlog meer is en dat alle kinderen naar school kunnen.", "leerling"),
    ("Dat de boeren hier een eerlijke prijs krijgen en de natuur er beter van wordt.", "inwoner"),
    ("Een gemeente zonder afval: alles wordt hergebruikt of gerepareerd.", "anders"),
    ("Dat elke jongere een stageplek of baan kan vinden, ook met een bijbaan-achterstand of een beperking.", "anders"),
    ("Meer ontmoetingsplekken voor ouderen en jongeren samen.", "inwoner"),
    ("Dat we onze wijken zo inrichten dat regenwater de grond in kan in plaats van het riool.", "wethouder"),
    ("Ik wens dat iedereen kan zwemmen en fietsen, ook mensen die net in Nederland zijn.", "burgemeester"),
    ("Dat mijn school zonnepanelen heeft en dat we zelf zien hoeveel stroom we maken.", "leerling"),
    ("Eerlijke kansen voor ieder kind, ongeacht de wijk waar je opgroeit.", "raadslid"),
    ("Een stad waar je op straat kunt spelen omdat er bijna geen auto's meer rijden.", "leerling"),
    ("Dat we in 2030 trots kunnen zeggen dat onze gemeente haar CO2-uitstoot heeft gehalveerd.", "wethouder"),
    ("Dat laaggeletterdheid geen drempel meer is: alle brieven van de gemeente in gewone taal.", "inwoner"),
    ("Vrede, gezondheid en een schone planeet voor mijn kleinkinderen.", "inwoner"),
    ("Ik wens dat de dieren in de polder meer ruimte krijgen.", "leerling"),
    ("Dat we samen met ondernemers laten zien dat duurzaam ondernemen loont.", "anders"),
    ("Dat iedereen toegang heeft tot internet en weet hoe je het veilig gebruikt.", "raadslid"),
    ("Een gemeente waar je kunt zeggen wie je bent en van wie je houdt, zonder angst.", "inwoner"),
    ("Dat kinderen hier nooit met honger naar bed hoeven.", "burgemeester"),
]
NAMES = {
    "leerling": ["", "Fleur (groep 8)", "Noah", "Yasmina", "Daan, 11 jaar", "Mila"],
    "inwoner": ["", "", "Sanne", "Mohammed", "Ilse Verbeek", "Gert-Jan", "Anouk"],
    "raadslid": ["", "Pieter van Leeuwen", "Samira Aydın"],
    "wethouder": ["", "Jan de Boer", "Karin Mulder"],
    "burgemeester": ["", ""],
    "anders": ["", "Bibliotheek De Boekenberg"],
}
GOALS_FOR_WORDS = {
    "lunch": [2, 3],
    "honger": [1, 2],
    "voedselbank": [1, 2],
    "rivier": [6, 14],
    "gas": [7, 13],
    "energie": [7],
    "beperking": [10, 8],
    "bomen": [11, 13, 15],
    "eenzaam": [3, 11],
    "huur": [1, 10],
    "kinderarbeid": [8, 12],
    "fiets": [11, 3],
    "jongeren": [16, 10],
    "huizen": [11],
    "verdienen": [5, 8],
    "water": [6, 17],
    "plastic": [12, 14],
    "schoolplein": [4, 15],
    "welkom": [10, 16],
    "bus": [11, 9],
    "klimaat": [13],
    "bijen": [15],
    "zorg": [3],
    "oorlog": [16, 4],
    "boeren": [2, 15],
    "afval": [12],
    "stage": [8, 4],
    "regenwater": [6, 11, 13],
    "zonnepanelen": [7, 4],
    "kansen": [4, 10],
    "co2": [13],
    "taal": [4, 16],
    "planeet": [13, 15, 16],
    "ondernemers": [8, 12],
    "internet": [9, 4],
    "angst": [5, 10, 16],
}


def _photo(rng: random.Random) -> bytes:
    """A small generated 'photo' (a gradient with shapes), re-encoded like a real upload."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (rng.randint(0, 80), rng.randint(80, 160), rng.randint(120, 220)))
    draw = ImageDraw.Draw(image)
    for _n in range(6):
        x, y, r = rng.randint(0, 640), rng.randint(0, 480), rng.randint(20, 90)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(150, 255), rng.randint(100, 255), rng.randint(0, 120)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _goals_for(text: str, goals: dict) -> list:
    lower = text.lower()
    numbers = sorted({n for word, ns in GOALS_FOR_WORDS.items() if word in lower for n in ns})
    return [goals[n] for n in numbers if n in goals]


@transaction.atomic
def load_demo(*, password: str) -> dict:
    capsule = Capsule.current()
    if Visit.objects.exists():
        return {"visits": Visit.objects.count(), "wishes": Wish.objects.filter(status=Wish.Status.ACCEPTED).count()}
    rng = random.Random(2030)
    by_code = {m.cbs_code: m for m in Municipality.objects.filter(membership__isnull=False)}
    goals = {g.number: g for g in Goal.objects.all()}
    member = User.objects.filter(email=DEMO_MEMBER).first()
    team = User.objects.filter(email=DEMO_TEAM).first()
    contacts = ["Marieke Visser", "Hans Mulder", "Esra Yılmaz", "Tom Hendriks", "Linda de Graaf", "Rachid Bouzid"]

    def make(code, start, days, title, kind, address, audience, index):
        municipality = by_code.get(code)
        if municipality is None:
            return None
        contact = contacts[index % len(contacts)]
        return Visit.objects.create(
            capsule=capsule,
            municipality=municipality,
            start_date=start,
            end_date=start + dt.timedelta(days=days - 1),
            title=title,
            event_type=kind,
            address=address,
            expected_audience=audience,
            contact_name="Lotte Jansen" if code == "GM0344" and member else contact,
            contact_email=member.email if code == "GM0344" and member else f"{contact.split()[0].lower()}@{municipality.slug}.example",
            requested_by=member if code == "GM0344" else None,
        )

    wishes = 0
    for index, row in enumerate(PAST):
        visit = make(*row, index)
        if visit is None:
            continue
        services.visit_confirm(visit=visit, actor=team, allow_past=True, notify=False)
        for n in range(rng.randint(4, 9)):
            text, role = WISHES[(index * 7 + n * 3) % len(WISHES)]
            wish = Wish(
                visit=visit,
                role=role,
                sealed_text=crypto.seal_text(text),
                sealed_name=crypto.seal_text(rng.choice(NAMES[role])),
                status=Wish.Status.ACCEPTED,
            )
            if rng.random() < 0.2:
                wish.sealed_photo.save(f"{uuid.uuid4().hex}.bin", ContentFile(crypto.seal(_photo(rng))), save=False)
            wish.save()
            wish.goals.set(_goals_for(text, goals))
            wishes += 1
    # one held back by the spam filter at the last visit (a link): not counted, waits for moderation
    last = Visit.objects.filter(status=Visit.Status.CONFIRMED).order_by("-start_date").first()
    if last:
        Wish.objects.create(
            visit=last,
            role=Role.OTHER,
            sealed_text=crypto.seal_text("Goedkope zonnepanelen? Kijk op www.voorbeeld-aanbieding.nl"),
            status=Wish.Status.HELD,
            flag_reason="link",
        )
    for index, (code, start, days, title, kind, address, audience, status) in enumerate(PLANNED):
        visit = make(code, start, days, title, kind, address, audience, index + len(PAST))
        if visit is None:
            continue
        if status == "confirmed":
            services.visit_confirm(visit=visit, actor=team, allow_past=True, notify=False)
        elif status == "proposed":
            Visit.objects.filter(pk=visit.pk).update(
                status=Visit.Status.PROPOSED,
                proposed_start=dt.date(2027, 4, 7),
                proposed_end=dt.date(2027, 4, 7),
                team_message="Op 11 maart is de capsule nog in Rotterdam. Zou 7 april ook kunnen? Dan valt de markt samen met de Week van de Duurzaamheid in de regio.",
            )
    services.counts_changed()
    services.calendar_changed()
    if not capsule.debate_kit:
        from .tasks import build_debate_kit

        transaction.on_commit(lambda: build_debate_kit.enqueue(capsule.pk))
    return {"visits": Visit.objects.count(), "wishes": wishes}
