from decimal import Decimal


def context(kind, *, request, municipality):
    from .selectors import goal_budget

    figures = goal_budget(municipality=municipality)
    if kind == "profile" and figures is None:
        return None
    per_inhabitant = None
    if figures and municipality.population:
        per_inhabitant = (figures["total_lasten"] / municipality.population).quantize(Decimal("0.01"))
    return {"figures": figures, "per_inhabitant": per_inhabitant}
