"""Reads for the policy scan: a municipality's documents and scans, the passages per goal with their
evidence, and the functions other apps call (contracts.md): ``goal_documents`` and
``municipality_scan_summary``."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Document, PassageGoal, Scan


def _url(document: Document) -> str:
    return reverse("policyscan_workspace:document", kwargs={"slug": document.municipality.slug, "pk": document.pk})


def latest_done_scans(municipality, *, published_only: bool = False) -> list[Scan]:
    """The newest finished scan of each of the municipality's documents, newest document year first. One query."""
    scans = Scan.objects.filter(document__municipality=municipality, status=Scan.Status.DONE)
    if published_only:
        scans = scans.filter(document__published=True)
    scans = (
        scans
        .select_related("document__municipality")
        .defer("document__pasted_text", "document__paragraph")
        .order_by("document_id", "-created_at")
    )
    latest: dict[int, Scan] = {}
    for scan in scans:
        latest.setdefault(scan.document_id, scan)
    return sorted(latest.values(), key=lambda s: (-s.document.year, -s.document.created_at.timestamp()))


def goal_documents(*, municipality, goal: int, include_private: bool = False) -> list[dict]:
    """Documents of ``municipality`` whose finished scan carries ``goal``, strongest first (max 10).
    Only published documents unless ``include_private`` (for the workspace)."""
    found = []
    for scan in latest_done_scans(municipality, published_only=not include_private):
        entry = (scan.profile or {}).get("goals", {}).get(str(goal), {})
        if entry.get("passages"):
            found.append(
                {
                    "title": scan.document.title,
                    "url": _url(scan.document),
                    "score": float(entry.get("score", 0.0)),
                    "date": scan.finished_at.date() if scan.finished_at else None,
                }
            )
    found.sort(key=lambda d: (-d["score"], d["title"]))
    return found[:10]


def scan_goals(scan: Scan) -> list[int]:
    goals = (scan.profile or {}).get("goals", {})
    return sorted((int(n) for n, e in goals.items() if e.get("passages")), key=lambda n: (-goals[str(n)]["passages"], n))


def municipality_scan_summary(*, municipality, include_private: bool = False) -> list[dict]:
    """Each scanned document: {"title", "url", "date", "goals": [int, ...]} latest first. Only
    published documents unless ``include_private`` (for the workspace)."""
    return [
        {
            "title": scan.document.title,
            "url": _url(scan.document),
            "date": scan.finished_at.date() if scan.finished_at else None,
            "goals": scan_goals(scan),
            "year": scan.document.year,
        }
        for scan in latest_done_scans(municipality, published_only=not include_private)
    ]


def corrections_count(municipality) -> dict:
    """Confirmed and rejected goals over all the municipality's scans. One query."""
    counts = defaultdict(int)
    for verdict in PassageGoal.objects.filter(scan__document__municipality=municipality).exclude(verdict="").values_list("verdict", flat=True):
        counts[verdict] += 1
    return {"confirmed": counts["confirmed"], "rejected": counts["rejected"]}


def documents_with_latest_scan(municipality) -> list[Document]:
    """The municipality's documents, each with ``latest`` (its newest scan or None). Two queries."""
    documents = list(Document.objects.filter(municipality=municipality).defer("pasted_text", "paragraph").order_by("-year", "-created_at"))
    latest: dict[int, Scan] = {}
    for scan in Scan.objects.filter(document__in=documents).defer("profile", "targets").order_by("document_id", "-created_at"):
        latest.setdefault(scan.document_id, scan)
    for document in documents:
        document.latest = latest.get(document.pk)
    return documents


# --- evidence on the page ----------------------------------------------------------------------


def highlight(text: str, evidence: list[dict]) -> SafeString:
    """The passage, escaped, with every matched term (evidence of kind "term" with offsets) in <mark>."""
    spans = sorted({(e["start"], e["end"]) for e in evidence if e.get("kind") == "term" and e.get("start") is not None and e.get("end") is not None})
    merged: list[list[int]] = []
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped above


def explain(assignment: PassageGoal, target_texts: dict[str, str]) -> dict:
    """What the page shows for one goal in one passage: the marked text, the terms, the targets."""
    terms = list(dict.fromkeys(e["text"] for e in assignment.evidence if e.get("kind") == "term"))
    similar = [e for e in assignment.evidence if e.get("kind") == "embedding"]
    targets = [
        {
            "code": t["code"],
            "score": t["score"],
            "text": target_texts.get(t["code"], ""),
            "evidence": [e for e in t.get("evidence", []) if e.get("kind") == "target"],
        }
        for t in assignment.targets
    ]
    listed = {e["text"] for t in targets for e in t["evidence"]}
    target_texts_matched = [e for e in assignment.evidence if e.get("kind") == "target" and e["text"] not in listed]
    return {
        "assignment": assignment,
        "passage": assignment.passage,
        "html": highlight(assignment.passage.text, assignment.evidence),
        "terms": terms,
        "other": similar,
        "target_texts": target_texts_matched,
        "targets": targets,
    }


def _target_texts(assignments) -> dict[str, str]:
    from apps.goals.models import Target

    codes = {t["code"] for a in assignments for t in a.targets}
    if not codes:
        return {}
    return {t.code: t.title_short for t in Target.objects.filter(code__in=codes)}


def goal_sections(scan: Scan, goals, *, per_goal: int = 3) -> list[dict]:
    """Per goal the ``per_goal`` strongest passages (with evidence) — two queries whatever the size."""
    ranked = (
        PassageGoal.objects.filter(scan=scan)
        .annotate(rank=Window(RowNumber(), partition_by=[F("goal_id")], order_by=[F("score").desc(), F("passage__index").asc()]))
        .filter(rank__lte=per_goal)
        .select_related("passage", "verdict_by", "goal")
        .order_by("goal_id", "rank")
    )
    assignments = list(ranked)
    texts = _target_texts(assignments)
    by_goal = defaultdict(list)
    for assignment in assignments:
        by_goal[assignment.goal_id].append(explain(assignment, texts))
    profile = (scan.profile or {}).get("goals", {})
    return [{"goal": goal, "items": by_goal.get(goal.number, []), **profile.get(str(goal.number), {"passages": 0})} for goal in goals]


def goal_passages(scan: Scan, goal: int, *, page_size: int = 25, page: int = 1):
    """All passages of one goal, strongest first, a page at a time: (items, paginator page)."""
    from django.core.paginator import Paginator

    queryset = (
        PassageGoal.objects.filter(scan=scan, goal_id=goal).select_related("passage", "verdict_by", "goal").order_by("-score", "passage__index")
    )
    paginator = Paginator(queryset, page_size)
    current = paginator.get_page(page)
    assignments = list(current.object_list)
    texts = _target_texts(assignments)
    return [explain(a, texts) for a in assignments], current
