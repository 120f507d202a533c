"""Amounts in euros and percentages in the active language: Dutch "€ 1.234.567,89" and "12,5 %",
English "€1,234,567.89" and "12.5%". Decimals only, never float."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


def _group(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    if _dutch():
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


@register.filter
def euro(value, places=2) -> str:
    if value is None or value == "":
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    number = _group(value, int(places))
    return f"{sign}€ {number}" if _dutch() else f"{sign}€{number}"


@register.filter
def euro_whole(value) -> str:
    return euro(value, 0)


@register.filter
def percent(share, places=1) -> str:
    """A share 0..1 as a percentage."""
    if share is None or share == "":
        return ""
    value = Decimal(share) * 100
    sign = "-" if value < 0 else ""
    number = _group(value, int(places))
    return f"{sign}{number} %" if _dutch() else f"{sign}{number}%"


@register.filter
def plain_percentage(value) -> str:
    """A percentage as stored (12.50) without trailing zeros: '12,5' / '12.5'."""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return text.replace(".", ",") if _dutch() else text


@register.filter
def get_goal_colour(goals_by_number, number):
    goal = goals_by_number.get(number)
    return goal.colour if goal else "#666666"


@register.filter
def get_goal_text(goals_by_number, number):
    goal = goals_by_number.get(number)
    return goal.text_colour if goal else "#ffffff"
