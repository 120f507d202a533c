"""Privacy hooks (apps/privacy/services.py): the documents a person uploaded and the corrections they
made; on account deletion their name is removed from both (the municipality keeps the documents and
the corrections, without a name)."""

from .models import Document, PassageGoal


def export(user) -> dict:
    documents = Document.objects.filter(uploaded_by=user).values("title", "kind", "year", "original_name", "created_at")
    corrections = PassageGoal.objects.filter(verdict_by=user).select_related("passage__scan__document").order_by("verdict_at")
    return {
        "documents_uploaded": [{**d, "created_at": d["created_at"].isoformat()} for d in documents],
        "corrections": [
            {
                "document": c.passage.scan.document.title,
                "passage": c.passage.index + 1,
                "goal": c.goal_id,
                "verdict": c.verdict,
                "at": c.verdict_at.isoformat() if c.verdict_at else None,
            }
            for c in corrections
        ],
    }


def anonymise(user) -> None:
    Document.objects.filter(uploaded_by=user).update(uploaded_by=None)
    PassageGoal.objects.filter(verdict_by=user).update(verdict_by=None)
