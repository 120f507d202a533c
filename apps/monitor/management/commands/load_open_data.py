import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.monitor import open_sets
from apps.monitor.open_loader import open_dataset_load
from apps.monitor.tasks import load_open_dataset


class Command(BaseCommand):
    help = (
        "Load the open-data sets shipped in apps/monitor/data/open/ (or one set from another file, e.g. a new year) "
        "for every municipality, and print the report: rows read, matched and refused and why. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="sets", action="append", choices=sorted(open_sets.SETS), help="Only this set (repeatable).")
        parser.add_argument(
            "--file", type=Path, help="Read the set from this file (same layout as the shipped one; .gz allowed). Needs exactly one --set."
        )
        parser.add_argument(
            "--background", action="store_true", help="Queue a task per set for the worker (manage.py db_worker) instead of loading now."
        )
        parser.add_argument("--json", action="store_true", help="Print the full reports as JSON.")

    def handle(self, *args, sets=None, file=None, background=False, **options):
        keys = sets or list(open_sets.SETS)
        if file is not None and len(keys) != 1:
            raise CommandError("--file needs exactly one --set.")
        if file is not None and not file.exists():
            raise CommandError(f"{file} does not exist.")
        for key in keys:
            if background:
                result = load_open_dataset.enqueue(key, str(file) if file else "")
                self.stdout.write(f"{key}: queued as task {result.id}")
                continue
            report = open_dataset_load(key=key, path=file)
            if options.get("json"):
                self.stdout.write(_json(report.as_dict()))
            else:
                self.stdout.write(
                    f"{key}: {report.rows_read} rows read, {report.rows_matched} matched, {report.rows_refused} refused {report.refused or ''}; "
                    f"{report.values} values for {report.municipalities} municipalities, years {report.years[0] if report.years else '-'}-"
                    f"{report.years[-1] if report.years else '-'}; {len(report.carried_over)} carried over from an older division; "
                    f"empty with a reason: {report.empty or 0}; not published: {report.not_published}"
                )


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=1)
