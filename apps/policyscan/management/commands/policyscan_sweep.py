from django.core.management.base import BaseCommand

from apps.policyscan.services import STALE_MINUTES, scan_sweep


class Command(BaseCommand):
    help = "Mark running policy scans without a sign of life as interrupted, so that they can be resumed (run it from cron, e.g. every 10 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=STALE_MINUTES, help=f"Without a heartbeat for this long (default {STALE_MINUTES}).")

    def handle(self, *args, **options):
        count = scan_sweep(minutes=options["minutes"])
        self.stdout.write(f"{count} scan(s) marked as interrupted.")
