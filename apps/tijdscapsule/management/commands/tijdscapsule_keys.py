"""The seal's keys: ``generate`` a new key, ``verify`` that every sealed wish opens with the
configured keys (exit status 1 if not), ``rotate`` (reseal every wish with the first key, after a
new key was put in front of TIJDSCAPSULE_KEY; afterwards the old key can be removed)."""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.tijdscapsule import crypto
from apps.tijdscapsule.checks import unreadable_wishes
from apps.tijdscapsule.models import Wish


class Command(BaseCommand):
    help = "Generate, verify or rotate the Tijdscapsule keys (docs/tijdscapsule.md)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "verify", "rotate"])

    def handle(self, *args, action, **options):
        if action == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        checked, bad = unreadable_wishes()
        if bad:
            raise CommandError(
                f"Sealed wishes cannot be opened with the configured TIJDSCAPSULE_KEY: wish ids {', '.join(map(str, bad))} (and possibly more)."
            )
        if action == "verify":
            self.stdout.write(f"All {checked} sealed values open with the configured keys.")
            return
        resealed = 0
        for wish in Wish.objects.order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                fields = {
                    "sealed_text": crypto.reseal(wish.sealed_text.encode("ascii")).decode("ascii") if wish.sealed_text else "",
                    "sealed_name": crypto.reseal(wish.sealed_name.encode("ascii")).decode("ascii") if wish.sealed_name else "",
                }
                Wish.objects.filter(pk=wish.pk).update(**fields)
                if wish.sealed_photo:
                    with wish.sealed_photo.open("rb") as handle:
                        data = crypto.reseal(handle.read())
                    with wish.sealed_photo.storage.open(wish.sealed_photo.name, "wb") as handle:
                        handle.write(data)
            resealed += 1
        self.stdout.write(f"{resealed} wishes resealed with the first key; the other keys can now be removed.")
