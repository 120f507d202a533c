"""Demo YoungChallengers in Utrecht and a few other members, with challenges and network posts."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import Role, User
from apps.accounts.services import user_apply_role
from apps.knowledge.models import Topic
from apps.municipalities.models import Municipality

from .models import Challenge, Post, Step, YoungChallenger

PEOPLE = [
    ("GM0344", "Noor Visser", "noor.visser@utrecht.example", "Trainee duurzaamheid", [12, 13], ["participatie"], True,
     "Ik maak de Global Goals zichtbaar in de kantine en in het werkoverleg.", "Duurzame kantine en een Global Goals-lunch per kwartaal."),
    ("GM0307", "Daan Smit", "daan.smit@amersfoort.example", "Beleidsmedewerker sociaal domein", [1, 10], ["inclusie"], True,
     "Samen met collega's werk ik aan een inclusieve gemeente.", "Doel 10 in elk raadsvoorstel van het sociaal domein."),
    ("GM0014", "Sara Bakker", "sara.bakker@groningen.example", "Adviseur internationale zaken", [17, 4], ["internationaal"], False,
     "", "Een stedenband met een gemeente in Ghana rond onderwijs."),
]


@transaction.atomic
def load_demo(*, password: str) -> dict:
    if YoungChallenger.objects.exists():
        return {"young_challengers": YoungChallenger.objects.count()}
    topics = {t.slug: t for t in Topic.objects.all()}
    for code, name, email, title, goals, topic_slugs, public, summary, challenge_title in PEOPLE:
        municipality = Municipality.objects.filter(cbs_code=code, membership__isnull=False).first()
        if municipality is None:
            continue
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=password, full_name=name, role=Role.MEMBER, municipality=municipality, job_title=title
        )
        user_apply_role(user=user)
        person, _created = YoungChallenger.objects.get_or_create(
            user=user, defaults={"municipality": municipality, "role_title": title, "works_on": summary or challenge_title, "public": public, "public_summary": summary}
        )
        person.focus_goals.set(goals)
        person.topics.set([topics[s] for s in topic_slugs if s in topics])
        challenge = Challenge.objects.create(
            challenger=person,
            title=challenge_title,
            plan="Eerst een gesprek met het management, dan een pilot van drie maanden met een kleine groep collega's, en daarna evalueren.",
            colleagues="Facilitaire zaken, communicatie en twee collega's van beleid.",
            status=Challenge.Status.RUNNING,
            public=public,
        )
        challenge.goals.set(goals)
        Step.objects.create(challenge=challenge, title="Gesprek met het management", done=True)
        Step.objects.create(challenge=challenge, title="Pilot met collega's")
        Post.objects.create(author=person, body=f"Wie heeft ervaring met '{challenge_title.lower()}'? Ik hoor graag tips!")
    return {"young_challengers": YoungChallenger.objects.count(), "posts": Post.objects.count()}
