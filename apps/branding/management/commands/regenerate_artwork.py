from django.core.management.base import BaseCommand

from apps.branding.services import artwork_regenerate_all


class Command(BaseCommand):
    help = "Queue new logo and banner sets for all member municipalities (the task workers draw them)."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {artwork_regenerate_all()} sets.")
