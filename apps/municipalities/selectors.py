"""Reading municipalities."""

from .aliases import ALIASES, normalise
from .models import Municipality


def option_label(municipality: Municipality) -> str:
    """How a municipality is shown in a pick list and typed back: "Bergen (Limburg)"."""
    return f"{municipality.display_name} ({municipality.get_province_display()})"


def find_by_name(text: str, queryset=None) -> list[Municipality]:
    """The municipalities in ``queryset`` (default: the current ones) that ``text`` names: its pick-list
    label, its name, CBS's official name or a common name from the alias table ("Den Haag").
    Empty when none; more than one when the name is ambiguous ("Bergen")."""
    queryset = Municipality.objects.current() if queryset is None else queryset
    wanted = normalise(text)
    if not wanted:
        return []
    if wanted in ALIASES:
        return list(queryset.filter(cbs_code=ALIASES[wanted]))
    matches = [m for m in queryset if wanted in (normalise(option_label(m)), normalise(m.name))]
    return matches or [m for m in queryset if normalise(m.display_name) == wanted]
