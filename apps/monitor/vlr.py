"""The Voluntary Local Review: what goes in it, following the UN-Habitat / UCLG guidelines for VLRs
(introduction, methodology and process, progress per goal with data, means of implementation,
conclusions and next steps, a statistical annex). Texts are the municipality's, editable; figures
are filled in each time the review is shown or typeset, so they are never out of date."""

from __future__ import annotations

from importlib import import_module

from django.utils import translation
from django.utils.translation import gettext as _

from . import selectors
from . import status as status_method


def optional(module: str, name: str):
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def default_texts(*, municipality, language: str, year: int) -> dict:
    with translation.override(language):
        name = municipality.display_name
        return {
            "title": _("%(name)s and the Global Goals: Voluntary Local Review %(year)s") % {"name": name, "year": year},
            "introduction": _(
                "%(name)s is a Global Goals municipality. In this Voluntary Local Review we report, in the way cities across the world report to the United Nations, "
                "how we work on the 17 Sustainable Development Goals: what we measure, where we stand and what we do. "
                "The review is meant for our council, our residents and partners, and for the international community."
            )
            % {"name": name},
            "approach": _(
                "We follow the guidelines of UN-Habitat and UCLG for Voluntary Local Reviews. For each goal we chose local indicators from the library of the "
                "Gemeenten4GlobalGoals campaign (open statistics of CBS and others) and added figures of our own. For each indicator we set a baseline and, "
                "where we could, an ambition for 2030. The status per indicator follows the method of Eurostat and the SDSN: the growth we see is compared "
                "with the growth we need to reach the ambition. We compare ourselves with municipalities of the same size, in the same province, and with all members."
            ),
            "conclusion": _(
                "In the coming year we will continue the activities that work, add data where goals still lack indicators, and discuss this review with the council."
            ),
            "goal_texts": {},
        }


def review_context(review) -> dict:
    """Everything the web version and the PDF show: about twelve queries, whatever the data."""
    municipality = review.municipality
    with translation.override(review.language):
        goals = selectors.monitor_goals(municipality, public_only=False)
        adopted = {row.indicator.pk for summary in goals for row in summary.rows}
        open_by_goal = {g.goal.number: g.rows for g in selectors.open_monitor(municipality, exclude=adopted)}
        activities = []
        public_activities = optional("apps.menukaart.services", "public_activities")
        if public_activities is not None:
            activities = [a for a in public_activities(municipality) if a.status == "done"][:60]
        scan_summary = optional("apps.policyscan.selectors", "municipality_scan_summary")
        scans = scan_summary(municipality=municipality) if scan_summary else None
        goal_budget = optional("apps.budget.selectors", "goal_budget")
        budget = goal_budget(municipality=municipality) if goal_budget else None
        by_goal_activities = {}
        for activity in activities:
            for goal in activity.goals.all():
                by_goal_activities.setdefault(goal.number, []).append(activity)
        sections = []
        for summary in goals:
            number = summary.goal.number
            sections.append(
                {
                    "goal": summary.goal,
                    "summary": summary,
                    "text": (review.goal_texts or {}).get(str(number), ""),
                    "activities": by_goal_activities.get(number, []),
                    "budget": (budget or {}).get("goals", {}).get(number) if budget else None,
                    "scans": [s for s in (scans or []) if number in s.get("goals", [])],
                    "open_rows": open_by_goal.get(number, []),
                }
            )
        counts = dict.fromkeys(status_method.STATUSES, 0)
        for summary in goals:
            counts[summary.status] += 1
        return {
            "review": review,
            "municipality": municipality,
            "sections": sections,
            "activities": activities,
            "scans": scans,
            "budget": budget,
            "goal_counts": [(status, status_method.LABELS[status], counts[status]) for status in status_method.STATUSES],
            "rows": [row for summary in goals for row in summary.rows],
        }
