"""The budget app keeps who imported, tagged and requested what; budgets themselves are the municipality's."""

from .models import Budget, BudgetDocument, BudgetImport, TaggingEvent


def export(user) -> dict:
    return {
        "budget_changes": [
            {"at": e.at.isoformat(), "municipality": e.budget.municipality.display_name, "what": e.summary, "why": e.reason}
            for e in TaggingEvent.objects.filter(actor=user).select_related("budget__municipality")
        ],
        "budget_imports": [
            {"at": i.created_at.isoformat(), "year": i.year, "file": i.filename, "status": i.status}
            for i in BudgetImport.objects.filter(created_by=user)
        ],
    }


def anonymise(user) -> None:
    """The changes stay (the municipality needs its audit trail), without the person."""
    TaggingEvent.objects.filter(actor=user).update(actor=None)
    BudgetImport.objects.filter(created_by=user).update(created_by=None)
    Budget.objects.filter(created_by=user).update(created_by=None)
    BudgetDocument.objects.filter(requested_by=user).update(requested_by=None)
