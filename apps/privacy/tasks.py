import datetime as dt

from django.tasks import task
from django.utils import timezone


@task()
def build_data_export(export_id: int) -> int:
    from .services import export_build

    return export_build(export_id=export_id).pk


@task()
def apply_retention_daily() -> dict:
    """Apply the retention periods, then queue the next run for tomorrow (one pending run at most)."""
    from .services import retention_apply, retention_schedule

    removed = retention_apply()
    retention_schedule(run_after=timezone.now() + dt.timedelta(days=1))
    return removed
