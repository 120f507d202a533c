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


def workspace_cache_token(municipality):
    """The workspace section is the same for every user of the municipality and changes only with its
    budgets (its own rows) and population: cached under the municipality's version (apps/core/sections.py)."""
    return ""
