def context(kind, *, request, municipality):
    if kind != "profile":
        return {}
    from .models import PracticeExample
    from .services import public_activities

    return {
        # The profile lists title, date, status, format link and photos: not the goal badges the service prefetches.
        "activities": list(
            public_activities(municipality)
            .prefetch_related(None)
            .prefetch_related("photos")
            .only("id", "title", "start_date", "status", "action_format__slug")[:10]
        ),
        "examples": list(PracticeExample.objects.filter(municipality=municipality, status=PracticeExample.Status.PUBLISHED).only("pk", "title")),
    }
