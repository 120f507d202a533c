def context(kind, *, request, municipality):
    from apps.core.permissions import Perm, has_perm

    from .models import Scan
    from .selectors import corrections_count, municipality_scan_summary

    if kind == "workspace":
        return {"running": Scan.objects.filter(document__municipality=municipality, status__in=[Scan.Status.QUEUED, Scan.Status.RUNNING]).count()}
    documents = municipality_scan_summary(municipality=municipality)
    if not documents:
        return {"documents": []}
    return {
        "documents": documents[:10],
        "corrections": corrections_count(municipality),
        "can_view": has_perm(request.user, Perm.VIEW_WORKSPACE, municipality),
    }
