import os
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from apps.core.demo import DEMO_COACH, DEMO_COORDINATOR, DEMO_MEMBER, DEMO_TEAM, demo_load


def app_demo_loaders():
    """Apps with demo content of their own provide ``apps/<app>/demo.py`` with ``load_demo(*, password)``;
    they run after the platform's members and people exist, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if config.name.startswith("apps.") and config.name != "apps.core" and find_spec(f"{config.name}.demo"):
            module = import_module(f"{config.name}.demo")
            if hasattr(module, "load_demo"):
                yield config.label, module.load_demo


class Command(BaseCommand):
    help = "Load realistic demo content (member municipalities, people in every role, applications, and each app's own). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=90, help="Number of member municipalities.")

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "globalgoals-demo-2030")
        result = demo_load(password=password, members=options["members"])
        self.stdout.write(f"Demo content: {result}")
        for label, loader in app_demo_loaders():
            self.stdout.write(f"Demo content ({label}): {loader(password=password)}")
        self.stdout.write(
            "Demo accounts (password from DEMO_PASSWORD, default globalgoals-demo-2030): "
            f"campaign team {DEMO_TEAM}, coordinator {DEMO_COORDINATOR}, member {DEMO_MEMBER}, coach {DEMO_COACH}"
        )
