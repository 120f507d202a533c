def context(kind, *, request, municipality):
    if kind != "profile":
        return {}
    from .models import PracticeExample
    from .services import public_activities

    return {
        "activities": list(public_activities(municipality).prefetch_related("photos")[:10]),
        "examples": list(PracticeExample.objects.filter(municipality=municipality, status=PracticeExample.Status.PUBLISHED).only("pk", "title")),
    }
