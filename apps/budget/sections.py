def context(kind, *, request, municipality):
    from .selectors import goal_budget

    figures = goal_budget(municipality=municipality)
    if kind == "profile" and figures is None:
        return None
    return {"figures": figures}
