from django.core.management.base import BaseCommand

from apps.goals.services import goals_load
from apps.municipalities.services import municipalities_load, reorganisations_load


class Command(BaseCommand):
    help = "Load (or update) the goals, targets, municipalities, boundaries and reorganisations shipped in the repository."

    def handle(self, *args, **options):
        goals, targets = goals_load()
        report = municipalities_load()
        reorganisations = reorganisations_load()
        self.stdout.write(
            f"Goals: {goals}, targets: {targets}; municipalities: {report.created} created, "
            f"{report.updated} updated; reorganisations: {reorganisations}"
        )
