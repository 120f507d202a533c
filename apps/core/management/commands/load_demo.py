import os

from django.core.management.base import BaseCommand

from apps.core.demo import DEMO_COACH, DEMO_COORDINATOR, DEMO_MEMBER, DEMO_TEAM, demo_load


class Command(BaseCommand):
    help = "Load realistic demo content (member municipalities, people in every role, applications). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=90, help="Number of member municipalities.")

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "globalgoals-demo-2030")
        result = demo_load(password=password, members=options["members"])
        self.stdout.write(f"Demo content: {result}")
        self.stdout.write(
            "Demo accounts (password from DEMO_PASSWORD, default globalgoals-demo-2030): "
            f"campaign team {DEMO_TEAM}, coordinator {DEMO_COORDINATOR}, member {DEMO_MEMBER}, coach {DEMO_COACH}"
        )
