import time

from django.core.management.base import BaseCommand, CommandError

from apps.budget.services import BudgetError, cbs_load, cbs_load_year, cbs_years


class Command(BaseCommand):
    help = "Load the CBS Iv3 budgets of all municipalities (the years shipped in apps/budget/data/cbs/, or a file). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="Year to load (repeatable); default: every shipped year.")
        parser.add_argument("--file", help="A CBS Iv3 CSV/XLSX/ODS file of all municipalities (amounts in thousands of euros); needs --year.")
        parser.add_argument("--budget-version", default="primitive", choices=["primitive", "amendment", "accounts"])

    def handle(self, *args, **options):
        years = options["year"] or cbs_years()
        for year in years:
            started = time.perf_counter()

            def progress(done, total, year=year):
                if done == total or done % 100 == 0:
                    self.stdout.write(f"  {year}: {done}/{total} municipalities")

            try:
                if options["file"]:
                    with open(options["file"], "rb") as handle:
                        report = cbs_load(
                            data=handle.read(), year=year, version=options["budget_version"], filename=options["file"], progress=progress
                        )
                else:
                    report = cbs_load_year(year=year, progress=progress)
            except BudgetError as error:
                raise CommandError(str(error.message)) from error
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"CBS {year}: {report['municipalities']} municipalities ({report['created']} new, {report['replaced']} replaced, "
                f"{report['unchanged']} unchanged, {len(report['kept_own_import'])} own imports kept), {report['lines']} lines, "
                f"mapped {sum(report['mapped'].values())}, older codes kept {sum(report['kept_older_codes'].values())}, "
                f"refused {len(report['refused'])}, unknown municipalities {report['unknown_municipalities'] or 'none'}; {seconds:.1f} s"
            )
