"""``{% monitor_status status label %}``: the status badge (icon + label) of an indicator or a goal.

A tag instead of ``{% include "monitor/components/status.html" %}``: the dashboards show it once per
goal and once per indicator (60+ times on a page), and an include builds a new context and renders
a template each time. The icons are fixed strings; only the status class and the label are filled in
(escaped as the template did)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_SVG = '<svg class="monitor-status__icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">'
ICONS = {
    "on_track": _SVG
    + '<circle cx="9" cy="9" r="8.5" fill="#00703c"/><path d="M4.5 9.5l3 3 6-7" fill="none" stroke="#fff" stroke-width="2.2"/></svg>',
    "moderate": _SVG
    + '<rect x=".5" y=".5" width="17" height="17" rx="3" fill="#8a5300"/><path d="M4 9h8M9 5l4 4-4 4" fill="none" stroke="#fff" stroke-width="2.2"/></svg>',
    "off_track": _SVG + '<path d="M9 .5l8.5 16.5H.5z" fill="#b00020"/><path d="M6 8l6 6M12 8l-6 6" stroke="#fff" stroke-width="2"/></svg>',
}
UNKNOWN = (
    _SVG
    + '<circle cx="9" cy="9" r="8" fill="#fff" stroke="#555" stroke-width="1.5" stroke-dasharray="3 2"/>'
    + '<text x="9" y="13.5" text-anchor="middle" font-size="12" font-weight="700" fill="#333">?</text></svg>'
)


@register.simple_tag
def monitor_status(status, label):
    icon = ICONS.get(status, UNKNOWN) if isinstance(status, str) else UNKNOWN
    return mark_safe(  # noqa: S308 - fixed markup; status and label are escaped
        f'<span class="monitor-status monitor-status--{conditional_escape(status)}">{icon}<span class="monitor-status__label">{conditional_escape(label)}</span></span>\n'
    )  # the newline the template file ended with: the same HTML as before
