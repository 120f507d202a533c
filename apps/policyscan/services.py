"""Policy scan business rules: taking in a document, running its scan in chunks (resumable after a
worker died), the profile over the goals, corrections, comparison, the SDG paragraph and exports."""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
from collections import defaultdict
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from apps.core.exceptions import ServiceError
from apps.core.exports import csv_writer
from apps.core.tabular import zip_guard

from . import extraction
from .extraction import MAX_BYTES, ExtractionError
from .models import Document, Passage, PassageGoal, Scan

logger = logging.getLogger(__name__)

CHUNK = 40  # passages classified and committed together: a killed worker loses at most one chunk
STALE_MINUTES = 10  # a running scan without a sign of life for this long is shown as interrupted
PASTE_MAX_CHARS = 500_000
RESUMABLE = (Scan.Status.INTERRUPTED,)

ERROR_MESSAGES = {
    "empty": gettext_lazy("The file is empty (0 bytes). Upload the document again."),
    "too_large": gettext_lazy("The file is larger than 50 MB. Split the document or upload a smaller version (for example without images)."),
    "unsupported": gettext_lazy("This kind of file cannot be scanned. Upload a PDF, Word (DOCX), OpenDocument (ODT), HTML or plain text file."),
    "mismatch": gettext_lazy("The content of the file does not match its name (for example a file renamed to .pdf). Upload the original document."),
    "encrypted": gettext_lazy("The document is protected with a password or encrypted. Remove the protection and upload it again."),
    "corrupt": gettext_lazy(
        "The file is damaged or not a valid document; it could not be read. Save it again from the original program and upload it again."
    ),
    "zip_bomb": gettext_lazy("The file unpacks to far more data than a document holds, so it was not opened (possibly a ZIP bomb)."),
    "no_text_layer": gettext_lazy("This PDF contains no text layer (it consists of scanned pages); OCR is not supported — upload a text PDF."),
    "no_text": gettext_lazy("No text was found in the document."),
    "language": gettext_lazy("The document is not in Dutch or English. The scan reads only Dutch and English texts."),
    "internal": gettext_lazy("The scan stopped because of an error on our side. It has been logged; you can start the scan again."),
    "missing_file": gettext_lazy("The uploaded file can no longer be found. Upload the document again."),
}


def error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal"]))


# --- taking in documents ------------------------------------------------------------------------


def upload_check(upload) -> str:
    """The format of an uploaded file after the size and content checks; ServiceError if refused."""
    if upload.size == 0:
        raise ServiceError(error_message("empty"))
    if upload.size > MAX_BYTES:
        raise ServiceError(error_message("too_large"))
    head = upload.read(4096)
    upload.seek(0)
    try:
        fmt = extraction.sniff(upload.name, head)
    except ExtractionError as error:
        raise ServiceError(error_message(error.code)) from error
    if head[:4] == b"PK\x03\x04":  # DOCX, ODT: the ZIP guard of every ZIP-based upload (apps.core.tabular)
        zip_guard(upload)
    return fmt


def _own(municipality, document: Document):
    if document.municipality_id != getattr(municipality, "pk", None):
        raise ServiceError(_("This belongs to another municipality."))


def document_upload(*, municipality, user, upload, title: str, kind: str, year: int) -> Document:
    fmt = upload_check(upload)
    document = Document(
        municipality=municipality,
        uploaded_by=user,
        title=(title or Path(upload.name).stem)[:200],
        kind=kind,
        year=year,
        format=fmt,
        original_name=Path(upload.name).name[:255],
        size=upload.size,
    )
    with transaction.atomic():
        document.file.save(f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload, save=False)
        document.save()
        scan_start(document=document)
    return document


def document_paste(*, municipality, user, text: str, title: str, kind: str, year: int) -> Document:
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Paste the text of the document."))
    if len(text) > PASTE_MAX_CHARS:
        raise ServiceError(
            _("The text is longer than %(n)s characters; upload it as a file instead.") % {"n": f"{PASTE_MAX_CHARS:,}".replace(",", ".")}
        )
    with transaction.atomic():
        document = Document.objects.create(
            municipality=municipality,
            uploaded_by=user,
            title=title[:200],
            kind=kind,
            year=year,
            format=Document.Format.TEXT,
            pasted_text=text,
            size=len(text.encode()),
        )
        scan_start(document=document)
    return document


def document_set_published(*, municipality, document: Document, published: bool) -> Document:
    """A member shows the document (title, year, goals found) on the public profile, or hides it again."""
    _own(municipality, document)
    if document.published != published:
        document.published = published
        document.save(update_fields=["published"])
    return document


def document_delete(*, municipality, document: Document) -> None:
    _own(municipality, document)
    if document.file:
        document.file.delete(save=False)
    for scan in document.scans.exclude(report=""):
        scan.report.delete(save=False)
    document.delete()


def document_bytes(document: Document) -> bytes:
    if document.pasted_text:
        return document.pasted_text.encode("utf-8")
    if not document.file:
        raise ExtractionError("missing_file")
    try:
        with document.file.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, OSError) as error:
        raise ExtractionError("missing_file", str(error)) from error


# --- running a scan -------------------------------------------------------------------------------


def scan_start(*, document: Document) -> Scan:
    """A new scan of ``document``, run by the task workers after the transaction commits."""
    from .tasks import run_scan

    scan = Scan.objects.create(document=document)
    transaction.on_commit(lambda: run_scan.enqueue(scan.pk))
    return scan


def scan_is_stale(scan: Scan, now=None) -> bool:
    """Running, but no sign of life for STALE_MINUTES: its worker was most likely stopped."""
    if scan.status != Scan.Status.RUNNING:
        return False
    now = now or timezone.now()
    return (scan.heartbeat or scan.created_at) < now - dt.timedelta(minutes=STALE_MINUTES)


def scan_sweep(*, minutes: int = STALE_MINUTES) -> int:
    """Mark running scans without a sign of life for ``minutes`` as interrupted (resumable)."""
    limit = timezone.now() - dt.timedelta(minutes=minutes)
    return Scan.objects.filter(status=Scan.Status.RUNNING, heartbeat__lt=limit).update(status=Scan.Status.INTERRUPTED)


def scan_resume(*, municipality, scan: Scan) -> Scan:
    """Continue an interrupted scan from the last saved passage (or a failed one from the start)."""
    from .tasks import run_scan

    _own(municipality, scan.document)
    with transaction.atomic():
        locked = Scan.objects.select_for_update().get(pk=scan.pk)
        if locked.status == Scan.Status.RUNNING and scan_is_stale(locked):
            locked.status = Scan.Status.INTERRUPTED
        if locked.status == Scan.Status.FAILED and locked.error_code == "internal":
            locked.status = Scan.Status.INTERRUPTED
        if locked.status not in RESUMABLE:
            raise ServiceError(_("This scan is not interrupted; there is nothing to resume."))
        locked.status = Scan.Status.QUEUED
        locked.error_code = ""
        locked.error_detail = ""
        locked.save(update_fields=["status", "error_code", "error_detail"])
        transaction.on_commit(lambda: run_scan.enqueue(locked.pk))
    return locked


def _fail(scan_id: int, code: str, detail: str = "") -> None:
    Scan.objects.filter(pk=scan_id).update(
        status=Scan.Status.FAILED, error_code=code, error_detail=detail[:300], finished_at=timezone.now(), heartbeat=timezone.now()
    )


def _alive(scan_id: int, **fields) -> None:
    Scan.objects.filter(pk=scan_id).update(heartbeat=timezone.now(), **fields)


def scan_run(*, scan_id: int, classify=None, chunk: int = CHUNK) -> Scan | None:
    """Extract (once) and classify the passages from the last saved one on, chunk by chunk.
    Every failure ends as a message on the scan; nothing is raised to the worker."""
    try:
        return _scan_run(scan_id, classify, chunk)
    except Scan.DoesNotExist:
        logger.info("policy scan %s no longer exists (document deleted)", scan_id)
        return None
    except ExtractionError as error:
        _fail(scan_id, error.code, error.detail)
    except Exception as error:  # the worker keeps running; the scan says what happened
        logger.exception("policy scan %s failed", scan_id)
        _fail(scan_id, "internal", repr(error))
    return Scan.objects.filter(pk=scan_id).first()


def _scan_run(scan_id: int, classify, chunk: int) -> Scan:
    if classify is None:
        from .classifier import classify
    from .classifier import detect_language

    with transaction.atomic():
        scan = Scan.objects.select_for_update().select_related("document").get(pk=scan_id)
        if scan.status in (Scan.Status.DONE, Scan.Status.FAILED) or (scan.status == Scan.Status.RUNNING and not scan_is_stale(scan)):
            return scan  # done, failed, or another worker has it
        now = timezone.now()
        scan.status = Scan.Status.RUNNING
        scan.attempts += 1
        scan.started_at = scan.started_at or now
        scan.heartbeat = now
        scan.save(update_fields=["status", "attempts", "started_at", "heartbeat"])

    document = scan.document
    if not scan.passages_total:
        blocks, pages = extraction.extract(document_bytes(document), document.format)
        sample = " ".join(block.text for block in blocks[:40])[:20000]
        language = detect_language(sample)
        if language not in ("nl", "en"):
            raise ExtractionError("language", language)
        with transaction.atomic():
            Passage.objects.filter(scan=scan).delete()
            Passage.objects.bulk_create(
                [Passage(scan=scan, index=i, page=block.page, kind=block.kind, text=block.text) for i, block in enumerate(blocks)], batch_size=500
            )
            _alive(scan.pk, passages_total=len(blocks), passages_done=0, language=language)
            if pages and document.pages != pages:
                Document.objects.filter(pk=document.pk).update(pages=pages)
        scan.refresh_from_db()

    while scan.passages_done < scan.passages_total:
        batch = list(Passage.objects.filter(scan=scan, index__gte=scan.passages_done).order_by("index").only("pk", "index", "kind", "text")[:chunk])
        if not batch:
            break
        # tables, tables of contents and boilerplate are context, not findings: they are kept but not classified
        classified = [p for p in batch if p.kind in extraction.CLASSIFIED_KINDS]
        found = dict(zip((p.pk for p in classified), classify([p.text for p in classified], language=scan.language or None), strict=True))
        results = [found.get(p.pk, []) for p in batch]
        rows = [
            PassageGoal(
                passage=passage,
                scan=scan,
                goal_id=goal.goal,
                score=round(float(goal.score), 4),
                evidence=[evidence_dict(e) for e in goal.evidence],
                targets=[
                    {"code": t.code, "score": round(float(t.score), 4), "evidence": [evidence_dict(e) for e in t.evidence]} for t in goal.targets
                ],
            )
            for passage, goals in zip(batch, results, strict=True)
            for goal in goals
        ]
        with transaction.atomic():
            PassageGoal.objects.filter(passage__in=batch).delete()  # a chunk is saved whole or not at all
            PassageGoal.objects.bulk_create(rows, batch_size=500)
            done = batch[-1].index + 1
            _alive(scan.pk, passages_done=done)
        scan.passages_done = done

    with transaction.atomic():
        scan = Scan.objects.select_for_update().get(pk=scan.pk)
        profile_refresh(scan=scan, save=False)
        scan.status = Scan.Status.DONE
        scan.finished_at = timezone.now()
        scan.heartbeat = scan.finished_at
        scan.save(update_fields=["status", "finished_at", "heartbeat", "profile", "targets"])
    return scan


def evidence_dict(evidence) -> dict:
    return {"kind": evidence.kind, "text": evidence.text, "start": evidence.start, "end": evidence.end, "weight": round(float(evidence.weight), 4)}


# --- the profile ------------------------------------------------------------------------------


def profile_refresh(*, scan: Scan, save: bool = True) -> dict:
    """Per goal: passages (rejected ones left out, corrections counted), share of the passages,
    strength (mean of the three best scores); and the strongest targets. One query."""
    per_goal: dict[int, list[float]] = defaultdict(list)
    confirmed: dict[int, int] = defaultdict(int)
    rejected: dict[int, int] = defaultdict(int)
    targets: dict[str, dict] = {}
    for goal, score, verdict, target_list in PassageGoal.objects.filter(scan=scan).values_list("goal_id", "score", "verdict", "targets"):
        if verdict == PassageGoal.Verdict.REJECTED:
            rejected[goal] += 1
            continue
        if verdict == PassageGoal.Verdict.CONFIRMED:
            confirmed[goal] += 1
        per_goal[goal].append(score)
        for target in target_list or []:
            entry = targets.setdefault(target["code"], {"code": target["code"], "goal": goal, "passages": 0, "score": 0.0})
            entry["passages"] += 1
            entry["score"] = max(entry["score"], target["score"])
    total = max(scan.passages_total, 1)
    goals = {}
    for number in range(1, 18):
        scores = sorted(per_goal.get(number, []), reverse=True)
        goals[str(number)] = {
            "passages": len(scores),
            "share": round(len(scores) / total, 4),
            "score": round(sum(scores[:3]) / len(scores[:3]), 4) if scores else 0.0,
            "confirmed": confirmed.get(number, 0),
            "rejected": rejected.get(number, 0),
        }
    scan.profile = {"goals": goals}
    scan.targets = sorted(targets.values(), key=lambda t: (-t["passages"], -t["score"], t["code"]))[:10]
    if save:
        Scan.objects.filter(pk=scan.pk).update(profile=scan.profile, targets=scan.targets)
    return scan.profile


def profile_rows(scan: Scan, goals) -> list[dict]:
    """The 17 goals with the scan's figures, for the chart and table (``goals``: Goal objects)."""
    data = (scan.profile or {}).get("goals", {})
    most = max((v.get("passages", 0) for v in data.values()), default=0) or 1
    rows = []
    for index, goal in enumerate(goals):
        entry = data.get(str(goal.number), {})
        passages = entry.get("passages", 0)
        rows.append(
            {
                "goal": goal,
                **{"passages": 0, "share": 0.0, "score": 0.0, "confirmed": 0, "rejected": 0},
                **entry,
                "percent": round(100 * entry.get("share", 0.0)),
                "y": index * 26,
                "width": round(300 * passages / most),
            }
        )
    return rows


# --- corrections ------------------------------------------------------------------------------


def assignment_correct(*, municipality, user, assignment: PassageGoal, verdict: str) -> PassageGoal:
    """A member confirms or rejects a goal the scan found in a passage ("" undoes it)."""
    _own(municipality, assignment.scan.document)
    if verdict not in PassageGoal.Verdict.values:
        raise ServiceError(_("Choose confirm or reject."))
    with transaction.atomic():
        locked = PassageGoal.objects.select_for_update().get(pk=assignment.pk)
        if locked.verdict != verdict:
            locked.verdict = verdict
            locked.verdict_by = user if verdict else None
            locked.verdict_at = timezone.now() if verdict else None
            locked.save(update_fields=["verdict", "verdict_by", "verdict_at"])
            profile_refresh(scan=Scan.objects.select_for_update().get(pk=locked.scan_id))
    return locked


# --- comparing and following over the years --------------------------------------------------------


def compare_rows(first: Scan, second: Scan, goals) -> list[dict]:
    a, b = profile_rows(first, goals), profile_rows(second, goals)
    rows = []
    for left, right in zip(a, b, strict=True):
        rows.append(
            {"goal": left["goal"], "a": left, "b": right, "sides": [left, right], "difference": round(100 * (right["share"] - left["share"]))}
        )
    return rows


def timeline(scans: list[Scan], goals) -> dict:
    """Years (oldest first) × goals: the number of passages per goal in that year's documents."""
    years: dict[int, dict] = {}
    for scan in scans:
        year = years.setdefault(scan.document.year, {"year": scan.document.year, "documents": [], "goals": defaultdict(int)})
        year["documents"].append(scan.document)
        for number, entry in (scan.profile or {}).get("goals", {}).items():
            year["goals"][int(number)] += entry.get("passages", 0)
    ordered = [years[y] for y in sorted(years)]
    for year in ordered:
        year["cells"] = [{"goal": goal, "passages": year["goals"].get(goal.number, 0)} for goal in goals]
    return {"years": ordered, "goals": goals}


# --- the SDG paragraph for a council proposal ------------------------------------------------------


def _names(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if language == "nl" else " and ") + items[-1]


def paragraph_generate(*, scan: Scan, language: str = "nl", max_goals: int = 4) -> str:
    """A short SDG paragraph from the scan result, deterministic: the strongest goals, their targets
    and one passage per goal as evidence."""
    from apps.goals.models import Goal, Target

    goals_data = (scan.profile or {}).get("goals", {})
    ranked = sorted(
        ((int(n), e) for n, e in goals_data.items() if e.get("passages")), key=lambda item: (-item[1]["score"] * item[1]["passages"], item[0])
    )[:max_goals]
    with override(language):
        if not ranked:
            if language == "nl":
                return (
                    "Duurzaamheidsparagraaf (Global Goals)\n\n"
                    "Volgens de Beleidsscan draagt dit voorstel niet aantoonbaar bij aan een van de 17 Global Goals. "
                    "Ga na of het voorstel gevolgen heeft voor bijvoorbeeld klimaat, bestaanszekerheid of gezondheid en beschrijf die hier."
                )
            return (
                "Sustainability paragraph (Global Goals)\n\n"
                "According to the Policy scan this proposal does not demonstrably contribute to any of the 17 Global Goals. "
                "Check whether it affects, for example, climate, financial security or health, and describe that here."
            )
        goal_map = {g.number: g for g in Goal.objects.filter(number__in=[n for n, _ in ranked])}
        codes = [t["code"] for t in scan.targets if t["goal"] in goal_map][:4]
        target_map = {t.code: t for t in Target.objects.filter(code__in=codes)}
        field = "title_short_nl" if language == "nl" else "title_short_en"
        goal_names = [f"{'doel' if language == 'nl' else 'goal'} {n} ({getattr(goal_map[n], field)})" for n, _ in ranked]
        target_names = [f"{code} ({getattr(target_map[code], field).lower()})" for code in codes if code in target_map]
        quoted: dict[int, tuple[object, list[int]]] = {}  # each passage is quoted once, with every goal it shows
        for number, _entry in ranked[:3]:
            best = (
                PassageGoal.objects.filter(scan=scan, goal_id=number)
                .exclude(verdict=PassageGoal.Verdict.REJECTED)
                .select_related("passage")
                .order_by("-score", "passage__index")
                .first()
            )
            if best:
                quoted.setdefault(best.passage_id, (best.passage, []))[1].append(number)
        evidence = []
        for passage, numbers in quoted.values():
            text = " ".join(passage.text.split())
            if len(text) > 220:
                text = text[:220].rsplit(" ", 1)[0] + " …"
            where = f" (p. {passage.page})" if passage.page else ""
            label = ("Doelen " if language == "nl" else "Goals ") if len(numbers) > 1 else ("Doel " if language == "nl" else "Goal ")
            evidence.append(f"- {label}{_names([str(n) for n in numbers], language)}: “{text}”{where}")
        if language == "nl":
            parts = [
                "Duurzaamheidsparagraaf (Global Goals)",
                "",
                f"Dit voorstel draagt bij aan {_names(goal_names, 'nl')} van de Global Goals, de duurzame-ontwikkelingsdoelen van de Verenigde Naties die onze gemeente onderschrijft.",
            ]
            if target_names:
                parts.append(f"Het gaat in het bijzonder om {'de subdoelen' if len(target_names) > 1 else 'subdoel'} {_names(target_names, 'nl')}.")
            if evidence:
                parts += ["", "Dit blijkt uit de volgende passages van het voorstel:", *evidence]
        else:
            parts = [
                "Sustainability paragraph (Global Goals)",
                "",
                f"This proposal contributes to {_names(goal_names, 'en')} of the Global Goals, the United Nations Sustainable Development Goals that our municipality endorses.",
            ]
            if target_names:
                parts.append(f"In particular it concerns {'targets' if len(target_names) > 1 else 'target'} {_names(target_names, 'en')}.")
            if evidence:
                parts += ["", "This follows from these passages of the proposal:", *evidence]
    return "\n".join(parts)


def paragraph_save(*, municipality, document: Document, text: str) -> Document:
    _own(municipality, document)
    document.paragraph = (text or "").strip()[:10000]
    document.save(update_fields=["paragraph"])
    return document


# --- exports ---------------------------------------------------------------------------------------


def scan_csv(scan: Scan) -> str:
    """Every goal found in every passage, with score, reasons and corrections (semicolon-separated, for Excel)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow(
        [
            _("document"),
            _("passage"),
            _("page"),
            _("goal"),
            _("score"),
            _("targets"),
            _("matched terms"),
            _("correction"),
            _("corrected by"),
            _("corrected at"),
            _("text"),
        ]
    )
    assignments = PassageGoal.objects.filter(scan=scan).select_related("passage", "verdict_by").order_by("passage__index", "-score")
    for a in assignments.iterator(chunk_size=1000):
        terms = ", ".join(dict.fromkeys(e["text"] for e in a.evidence if e.get("kind") == "term"))
        writer.writerow(
            [
                scan.document.title,
                a.passage.index + 1,
                a.passage.page or "",
                a.goal_id,
                f"{a.score:.2f}",
                ", ".join(t["code"] for t in a.targets),
                terms,
                a.get_verdict_display() if a.verdict else "",
                a.verdict_by.full_name if a.verdict_by else "",
                timezone.localtime(a.verdict_at).strftime("%Y-%m-%d %H:%M") if a.verdict_at else "",
                " ".join(a.passage.text.split()),
            ]
        )
    return "\ufeff" + out.getvalue()


def report_request(*, municipality, scan: Scan, language: str) -> Scan:
    from .tasks import build_report

    _own(municipality, scan.document)
    if scan.status != Scan.Status.DONE:
        raise ServiceError(_("The report can be made once the scan is done."))
    updated = Scan.objects.filter(pk=scan.pk).exclude(report_status="pending").update(report_status="pending")
    if updated:
        transaction.on_commit(lambda: build_report.enqueue(scan.pk, language))
    scan.report_status = "pending"
    return scan


def report_build(*, scan_id: int, language: str = "nl") -> Scan:
    from apps.core.pdf import render_pdf
    from apps.goals.models import Goal

    from .selectors import goal_sections

    scan = Scan.objects.select_related("document__municipality").get(pk=scan_id)
    try:
        goals = list(Goal.objects.all())
        with override(language):
            context = {
                "scan": scan,
                "document": scan.document,
                "rows": profile_rows(scan, goals),
                "sections": goal_sections(scan, goals, per_goal=5),
                "now": timezone.now(),
            }
            pdf = render_pdf("policyscan/report_pdf.html", context, language=language)
        if scan.report:
            scan.report.delete(save=False)
        scan.report.save(f"beleidsscan-{scan.pk}-{uuid.uuid4().hex[:8]}.pdf", ContentFile(pdf), save=False)
        scan.report_status = "ready"
        scan.save(update_fields=["report", "report_status"])
    except Exception:
        logger.exception("policy scan report %s failed", scan_id)
        Scan.objects.filter(pk=scan_id).update(report_status="failed")
        scan.report_status = "failed"
    return scan


def scans_of(municipality):
    return Scan.objects.filter(document__municipality=municipality)
