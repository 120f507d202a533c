from django.core.management.base import BaseCommand

from config.env import REGISTRY


def render() -> str:
    lines = [
        "# Configuration",
        "",
        "Every setting that differs per deployment is an environment variable, read in",
        "`config/settings/base.py` through `config/env.py`. This page is generated from that",
        "registry by `make envdoc` (`manage.py envdoc`); a test fails when it is out of date.",
        "",
        "| Variable | Default | Meaning |",
        "| --- | --- | --- |",
    ]
    for var in sorted(REGISTRY.values(), key=lambda v: v.name):
        if var.secret and var.default:
            default = "(set it)" if var.name != "DATABASE_URL" else "SQLite file `db.sqlite3`"
        elif isinstance(var.default, list):
            default = f"`{','.join(var.default)}`" if var.default else "(empty)"
        elif var.default == "":
            default = "(empty)"
        else:
            default = f"`{var.default}`"
        if var.name == "MEDIA_ROOT":
            default = "`media/` in the project"
        if var.name == "PRIVATE_MEDIA_ROOT":
            default = "`var/private/` in the project"
        elif var.name == "CACHE_DIR":
            default = "`var/cache/` in the project"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print docs/configuration.md: every environment variable with its default and meaning."

    def handle(self, *args, **options):
        self.stdout.write(render(), ending="")
