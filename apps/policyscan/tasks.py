from django.tasks import task


@task()
def run_scan(scan_id: int) -> str:
    """Scan one document (extraction, then classification chunk by chunk); resumable."""
    from .services import scan_run

    scan = scan_run(scan_id=scan_id)
    return scan.status if scan else "deleted"


@task()
def build_report(scan_id: int, language: str = "nl") -> str:
    from .services import report_build

    return report_build(scan_id=scan_id, language=language).report_status


@task()
def sweep_scans() -> int:
    """Mark scans whose worker stopped as interrupted (also: `manage.py policyscan_sweep`)."""
    from .services import scan_sweep

    return scan_sweep()
