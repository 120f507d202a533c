def context(kind, *, request, municipality):
    if kind != "profile":
        return {}
    from .models import Capsule
    from .services import is_open, public_visits

    return {"visits": list(public_visits().filter(municipality=municipality).order_by("start_date")[:10]), "is_open": is_open(Capsule.current())}
