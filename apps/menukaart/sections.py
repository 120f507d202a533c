def context(kind, *, request, municipality):
    if kind != "profile":
        return {}
    from .services import public_activities

    return {"activities": list(public_activities(municipality).prefetch_related("photos")[:10])}
