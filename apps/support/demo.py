"""Demo support requests: Utrecht's questions in every state, and a few from other members."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo import DEMO_MEMBER, DEMO_TEAM
from apps.municipalities.models import Municipality

from .models import Message, SupportRequest

THREADS = [
    (
        "GM0344",
        "activities",
        "Welke activiteiten passen bij onze Global Goals-week?",
        [3, 11, 13],
        SupportRequest.Status.WAITING,
        [
            (False, "In juni organiseren we een Global Goals-week met bewoners en scholen. Welke formats van de Menukaart werken goed in een grote stad, en hebben jullie voorbeelden van andere gemeenten?"),
            (True, "Goed plan! In grote steden werken een Global Goals-wandeling langs buurtprojecten en een markt met lokale initiatieven goed. Amersfoort en Groningen deden dit eerder; ik stuur u de contactpersonen. Wilt u ook de Tijdscapsule op de markt?"),
        ],
    ),
    (
        "GM0344",
        "council",
        "SDG-paragraaf in raadsvoorstellen",
        [16, 17],
        SupportRequest.Status.DONE,
        [
            (False, "Onze griffie wil in elk raadsvoorstel een korte paragraaf over de Global Goals. Is daar een voorbeeldtekst voor?"),
            (True, "Ja: de Beleidsscan maakt een concept-paragraaf bij een conceptvoorstel. Daarnaast staat in de kennisbank een handreiking met voorbeelden van vijf gemeenten."),
            (False, "Dank u, daar kunnen we mee verder."),
        ],
    ),
    ("GM0344", "speaker", "Spreker voor de raadsinformatieavond in maart", [13], SupportRequest.Status.NEW, [(False, "Wij zoeken een spreker over klimaatadaptatie en de Global Goals voor een raadsinformatieavond op 12 maart. Kunnen jullie iemand aanraden?")]),
]


@transaction.atomic
def load_demo(*, password: str) -> dict:
    if SupportRequest.objects.exists():
        return {"support_requests": SupportRequest.objects.count()}
    member = User.objects.filter(email=DEMO_MEMBER).first()
    team = User.objects.filter(email=DEMO_TEAM).first()
    now = timezone.now()
    for index, (code, category, subject, goals, status, messages) in enumerate(THREADS):
        municipality = Municipality.objects.get(cbs_code=code)
        created = now - dt.timedelta(days=20 - index * 6)
        support_request = SupportRequest.objects.create(
            municipality=municipality, requested_by=member, category=category, subject=subject, status=status, assigned_to=team if status != "new" else None
        )
        support_request.goals.set(goals)
        first_answer = None
        for position, (from_team, body) in enumerate(messages):
            sent = created + dt.timedelta(hours=20 * position)
            message = Message.objects.create(request=support_request, author=team if from_team else member, from_team=from_team, body=body)
            Message.objects.filter(pk=message.pk).update(created_at=sent)
            if from_team and first_answer is None:
                first_answer = sent
        SupportRequest.objects.filter(pk=support_request.pk).update(
            last_message_at=sent,
            created_at=created, first_response_at=first_answer, closed_at=created + dt.timedelta(days=3) if status == "done" else None
        )
    return {"support_requests": SupportRequest.objects.count()}
