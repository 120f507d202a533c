"""Rich text written in the back office as Markdown, rendered to HTML that is sanitised (nh3, an
allow-list) before it reaches a page: no scripts, no event handlers, no styles, safe links only."""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "th": {"scope"}}
CLASSES = {
    "p": "utrecht-paragraph",
    "h2": "utrecht-heading-2",
    "h3": "utrecht-heading-3",
    "h4": "utrecht-heading-4",
    "ul": "utrecht-unordered-list",
    "ol": "utrecht-ordered-list",
    "a": "utrecht-link",
    "blockquote": "utrecht-blockquote",
    "table": "utrecht-table",
}


OPENING = re.compile(r"<(" + "|".join(CLASSES) + r")(?=[\s>])")


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    clean = OPENING.sub(lambda m: f'<{m.group(1)} class="{CLASSES[m.group(1)]}"', clean)  # nh3 removed any class of the author's
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
