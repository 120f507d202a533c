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
