def context(kind, *, request, municipality):
    from . import status
    from .selectors import monitor_goals

    goals = [g for g in monitor_goals(municipality, public_only=kind == "profile") if g.rows]
    if kind == "profile":
        return {"goals": goals}
    with_data = [g for g in goals if g.status != status.INSUFFICIENT]
    return {"goals": len(with_data), "on_track": sum(1 for g in with_data if g.status == status.ON_TRACK)}


def workspace_cache_token(municipality):
    """The workspace section (goals with data, on track) is the same for every user of the municipality;
    cached under its version and the open-data load, which writes without signals (apps/core/sections.py)."""
    from .selectors import open_data_version

    return open_data_version()
