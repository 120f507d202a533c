from django.tasks import task


@task()
def build_budget_pdf(document_id: int) -> int:
    from .services import pdf_build

    return pdf_build(document_id=document_id).pk


@task()
def recalculate_all_budgets() -> int:
    """After the campaign team changed the default key: every budget's amounts per goal again."""
    from .services import budgets_recalculate_all

    return budgets_recalculate_all()


@task()
def run_bulk_load(load_id: int) -> dict:
    """The campaign team's upload of a CBS Iv3 file for all municipalities (progress on the BulkLoad)."""
    from .services import bulk_load_run

    return bulk_load_run(load_id=load_id)


@task()
def load_cbs_year(year: int) -> dict:
    """Load the CBS Iv3 budgets of ``year`` shipped with the platform (apps/budget/data/cbs/)."""
    from .services import cbs_load_year

    return cbs_load_year(year=year)
