from django.core.management.base import BaseCommand, CommandError

from apps.monitor import cbs_odata
from apps.monitor.open_loader import open_dataset_load


class Command(BaseCommand):
    help = (
        "Production: fetch the CBS tables of the open-data sets (e.g. 70072NED) through CBS's OData API "
        "and load them for every municipality, like load_open_data does with the shipped files. Needs internet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--table", action="append", choices=sorted(cbs_odata.CBS_SETS), help="Only this CBS table (repeatable).")

    def handle(self, *args, table=None, **options):
        for table_id in table or sorted(cbs_odata.CBS_SETS):
            spec = cbs_odata.CBS_SETS[table_id]
            try:
                report = open_dataset_load(key=spec.key, records=cbs_odata.odata_records(spec, fetch=self.fetch))
            except (cbs_odata.ODataError, OSError, ValueError, KeyError) as error:
                raise CommandError(f"{table_id}: {error}") from error
            self.stdout.write(
                f"{table_id}: {report.rows_read} rows read, {report.rows_matched} matched, {report.rows_refused} refused {report.refused or ''}; "
                f"{report.values} values for {report.municipalities} municipalities; empty with a reason: {report.empty or 0}"
            )

    @staticmethod
    def fetch(url):
        return cbs_odata.fetch_json(url)
