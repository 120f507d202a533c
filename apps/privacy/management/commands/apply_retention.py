from django.core.management.base import BaseCommand

from apps.privacy.services import RULES, retention_apply, retention_schedule


class Command(BaseCommand):
    help = "Delete personal data past its retention period (see the privacy statement). --schedule queues the daily task instead."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="Queue the daily retention task for the worker (once).")

    def handle(self, *args, **options):
        if options["schedule"]:
            queued = retention_schedule()
            self.stdout.write("Daily retention task queued." if queued else "Daily retention task already queued.")
            return
        for key, count in retention_apply().items():
            if key in RULES:
                self.stdout.write(f"{RULES[key].name} (after {RULES[key].days} days): {count} removed")
            else:  # the history of the deleted records (apps/privacy/registry.py)
                self.stdout.write(f"History of deleted records: {count} removed")
