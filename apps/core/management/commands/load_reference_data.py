import time

from django.core.management.base import BaseCommand

from apps.goals.services import goals_load
from apps.monitor.open_loader import open_data_load_all
from apps.municipalities.services import municipalities_load, reorganisations_load


class Command(BaseCommand):
    help = "Load (or update) the goals, targets, municipalities, boundaries, reorganisations and the monitor's open data shipped in the repository."

    def handle(self, *args, **options):
        goals, targets = goals_load()
        report = municipalities_load()
        reorganisations = reorganisations_load()
        self.stdout.write(
            f"Goals: {goals}, targets: {targets}; municipalities: {report.created} created, "
            f"{report.updated} updated; reorganisations: {reorganisations}"
        )
        started = time.perf_counter()
        for open_report in open_data_load_all():
            self.stdout.write(
                f"Open data {open_report.dataset}: {open_report.rows_read} rows read, {open_report.rows_matched} matched, "
                f"{open_report.rows_refused} refused, {open_report.values} values"
            )
        self.stdout.write(f"Open data loaded in {time.perf_counter() - started:.1f} s")
