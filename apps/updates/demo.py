from django.db import transaction

from apps.accounts.models import User
from apps.core.demo import DEMO_TEAM

from .models import Audience, Update


@transaction.atomic
def load_demo(*, password: str) -> dict:
    Update.objects.get_or_create(
        subject="Nieuw op het platform: de kennisbank",
        defaults={
            "body": "Beste coördinator,\n\nIn de kennisbank vindt u nu handreikingen, webinars en voorbeelden van andere gemeenten.\n\nMet vriendelijke groet,\nhet campagneteam",
            "audience": Audience.COORDINATORS,
            "created_by": User.objects.filter(email=DEMO_TEAM).first(),
        },
    )
    return {"updates": Update.objects.count()}
