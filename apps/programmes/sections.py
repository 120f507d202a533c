def context(kind, *, request, municipality):
    from .selectors import municipality_programmes

    if kind == "profile":
        programmes = municipality_programmes(municipality=municipality)
        return {"programmes": programmes} if programmes else None
    return {}
