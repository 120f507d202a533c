"""Privacy hooks (apps/privacy/services.py): the Monitor keeps only who uploaded a file and who made
a review; the figures themselves are the municipality's, not personal data."""


def export(user) -> dict:
    from .models import Review, Upload

    return {
        "uploads": [
            {
                "file": u.filename,
                "municipality": u.municipality.cbs_code if u.municipality else None,
                "status": u.status,
                "uploaded": u.created_at.isoformat(),
            }
            for u in Upload.objects.filter(uploaded_by=user).select_related("municipality")
        ],
        "reviews": [
            {"title": r.title, "municipality": r.municipality.cbs_code, "created": r.created_at.isoformat()}
            for r in Review.objects.filter(created_by=user).select_related("municipality")
        ],
    }


def anonymise(user) -> None:
    """Uploads and reviews stay with the municipality, without the person's name."""
    from .models import Review, Upload

    Upload.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Review.objects.filter(created_by=user).update(created_by=None)
