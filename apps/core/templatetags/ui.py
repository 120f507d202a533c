"""Template helpers that give every form field and component the same accessible NL Design System markup."""

import re
from functools import lru_cache

from django import forms, template
from django.urls import translate_url
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

register = template.Library()

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}


def _classes_for(widget) -> str:
    for widget_type, classes in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type) and not isinstance(widget, forms.SelectMultiple | forms.RadioSelect):
            return classes
    if isinstance(widget, forms.widgets.Input) and not isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        return "utrecht-textbox utrecht-textbox--html-input"
    return ""


# An optional field is marked "(niet verplicht)" by the field template, in one way for every form; a
# note of the kind that some labels carry themselves is taken off first, so it never shows twice.
OPTIONAL_IN_LABEL = re.compile(r"\s*\((?:optional|optioneel|niet verplicht)\)\s*$", re.IGNORECASE)


def field_label(bound_field) -> str:
    return OPTIONAL_IN_LABEL.sub("", str(bound_field.label or ""))


@register.inclusion_tag("components/form_field.html")
def field(bound_field, wide=False):
    widget = bound_field.field.widget
    is_group = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if not is_group:
        classes = _classes_for(widget)
        if bound_field.errors:
            classes += " utrecht-textbox--invalid utrecht-select--invalid utrecht-textarea--invalid"
            attrs["aria-invalid"] = "true"
        attrs["class"] = classes.strip()
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if bound_field.field.required:
            attrs["aria-required"] = "true"
    return {
        "field": bound_field,
        "label": field_label(bound_field),
        "optional": not bound_field.field.required,
        "widget_html": bound_field.as_widget(attrs=attrs),
        "is_group": is_group,
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "described": " ".join(described),
        "wide": wide,
    }


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current URL's query with another page number."""
    query = context.get("filter_query", "")
    return "?" + (f"{query}&" if query else "") + urlencode({"pagina": page_number})


@lru_cache(maxsize=256)
def _goal_style(colour: str) -> str:
    from apps.goals.models import text_colour_for

    return f"--goal-colour: {colour}; --goal-text: {text_colour_for(colour)};"


@register.filter
def goal_style(goal):
    """The goal's colour and the text colour that contrasts with it (computed once per colour)."""
    return _goal_style(goal.colour)


@register.simple_tag
def goal_badges(goals, label, if_any=False):
    """The goals as coloured badges, ``{% goal_badges goals label %}``: the HTML of the former include
    ``components/goal_badges.html``, without building a context and rendering a template per list row.
    ``if_any=True``: nothing at all when there are no goals (for list cards, instead of a ``{% with %}``
    and an ``{% if %}`` around the tag on every row)."""
    items = goals.all() if hasattr(goals, "all") and not hasattr(goals, "__iter__") else goals
    if if_any:
        items = list(items)
        if not items:
            return ""
    parts = [f'<ul class="goal-badges" aria-label="{conditional_escape(label)}">']
    for goal in items:
        parts.append(
            f'<li class="goal-badge" style="{conditional_escape(goal_style(goal))}"><span class="goal-badge__number">'
            f"{conditional_escape(goal.number)}</span> {conditional_escape(goal.title_short)}</li>"
        )
    parts.append("</ul>\n")
    return mark_safe("".join(parts))  # noqa: S308 - fixed markup, every value escaped


@register.simple_tag(takes_context=True)
def alternate_url(context, language_code):
    """The current page in another language (for hreflang links)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)
