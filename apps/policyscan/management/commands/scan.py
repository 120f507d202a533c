"""Scan policy documents from the command line: prints each profile and writes JSON.

    python manage.py scan coalitieakkoord.pdf begroting-2026.pdf --json out.json --workers 2

Every file becomes a document with a scan task. With the database task backend the tasks are
processed in parallel by ``--workers`` ``db_worker --batch`` processes that this command starts
(and that stop when the queue is empty); ``--workers 0`` leaves them to the workers already
running (``make run``). With the ImmediateBackend (tests) each scan runs inline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.policyscan import extraction, services
from apps.policyscan.models import Document, PassageGoal, Scan


class Command(BaseCommand):
    help = "Scan policy documents (PDF, DOCX, ODT, HTML, text) along the 17 Global Goals; print the profiles and optionally write JSON."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Files to scan.")
        parser.add_argument("--json", dest="json_path", help="Write the results as JSON to this file ('-' for standard output).")
        parser.add_argument("--workers", type=int, default=2, help="db_worker processes to start for the batch (default 2; 0: use running workers).")
        parser.add_argument("--municipality", help="Slug of the municipality the documents belong to (then they stay in its workspace).")
        parser.add_argument("--year", type=int, default=None, help="Year of the documents (default: this year).")
        parser.add_argument("--kind", default=Document.Kind.POLICY, choices=Document.Kind.values, help="Kind of document.")
        parser.add_argument("--keep", action="store_true", help="Keep documents without a municipality in the database afterwards.")
        parser.add_argument("--timeout", type=int, default=3600, help="Seconds to wait for the scans (default 3600).")
        parser.add_argument("--passages", type=int, default=3, help="Passages per goal in the JSON (default 3).")

    def handle(self, *args, **options):
        from apps.municipalities.models import Municipality

        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"No municipality with slug {options['municipality']!r}.")
        year = options["year"] or timezone.localdate().year
        started = time.monotonic()
        immediate = settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
        jobs: list[tuple[str, Scan | None, str]] = []
        for name in options["files"]:
            path = Path(name)
            try:
                size = path.stat().st_size
                if size > extraction.MAX_BYTES:
                    raise extraction.ExtractionError("too_large")
                with path.open("rb") as handle:
                    data = handle.read()
                fmt = extraction.sniff(path.name, data[:4096])
            except extraction.ExtractionError as error:
                jobs.append((name, None, services.error_message(error.code)))
                continue
            except OSError as error:
                jobs.append((name, None, str(error)))
                continue
            document = Document(
                municipality=municipality,
                title=path.stem[:200],
                kind=options["kind"],
                year=year,
                format=fmt,
                original_name=path.name[:255],
                size=size,
            )
            document.file.save(f"cli-{time.time_ns()}{path.suffix.lower()}", ContentFile(data), save=False)
            document.save()
            jobs.append((name, services.scan_start(document=document), ""))

        scans = [scan for _, scan, _ in jobs if scan is not None]
        if immediate:
            for scan in scans:  # already run by the ImmediateBackend, unless inside a transaction (tests): then here
                services.scan_run(scan_id=scan.pk)
        elif scans:
            workers = []
            for number in range(max(options["workers"], 0)):
                command = [
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    "db_worker",
                    "--batch",
                    "--no-startup-delay",
                    "--interval",
                    "0.2",
                    "--worker-id",
                    f"scan-{os.getpid()}-{number}",
                ]
                quiet = subprocess.DEVNULL if options["verbosity"] < 2 else None
                workers.append(subprocess.Popen(command, env=os.environ.copy(), stdout=quiet, stderr=quiet))  # noqa: S603 - our own manage.py
            self._wait(scans, options["timeout"], workers)
        elapsed = time.monotonic() - started

        results = [self._result(name, scan, error, options["passages"]) for name, scan, error in jobs]
        for result in results:
            self._print(result)
        pages = sum(r.get("pages") or 0 for r in results)
        self.stdout.write(f"\n{len(results)} document(s), {pages} page(s) in {elapsed:.1f} s")
        if options["json_path"]:
            payload = json.dumps({"seconds": round(elapsed, 2), "documents": results}, ensure_ascii=False, indent=2, default=str)
            if options["json_path"] == "-":
                self.stdout.write(payload)
            else:
                Path(options["json_path"]).write_text(payload, encoding="utf-8")
                self.stdout.write(f"JSON written to {options['json_path']}")
        if municipality is None and not options["keep"]:
            for scan in scans:
                services.document_delete(municipality=None, document=scan.document)

    def _wait(self, scans, timeout, workers):
        deadline = time.monotonic() + timeout
        pending = {s.pk for s in scans}
        while pending and time.monotonic() < deadline:
            pending -= set(Scan.objects.filter(pk__in=pending, status__in=[Scan.Status.DONE, Scan.Status.FAILED]).values_list("pk", flat=True))
            if not pending:
                break
            if workers and all(w.poll() is not None for w in workers):
                workers = []  # the batch workers are done; what is left is with the running workers
            time.sleep(0.3)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.terminate()
        if pending:
            self.stderr.write(f"{len(pending)} scan(s) not finished within {timeout} s.")

    def _result(self, name, scan, error, per_goal):
        from apps.goals.models import Goal

        if scan is None:
            return {"file": name, "status": "refused", "error": error}
        scan.refresh_from_db()
        result = {
            "file": name,
            "title": scan.document.title,
            "status": scan.status,
            "error": services.error_message(scan.error_code) if scan.status == Scan.Status.FAILED else "",
            "language": scan.language,
            "pages": Document.objects.filter(pk=scan.document_id).values_list("pages", flat=True).first(),
            "passages": scan.passages_total,
        }
        if scan.status == Scan.Status.DONE:
            names = {g.number: g.title_short_en for g in Goal.objects.all()}
            goals = {}
            for number, entry in sorted(((int(n), e) for n, e in scan.profile.get("goals", {}).items())):
                goals[number] = {"title": names.get(number, ""), **entry}
            top = PassageGoal.objects.filter(scan=scan).select_related("passage").order_by("goal_id", "-score", "passage__index")
            examples: dict[int, list] = {}
            for assignment in top.iterator():
                bucket = examples.setdefault(assignment.goal_id, [])
                if len(bucket) < per_goal:
                    bucket.append(
                        {
                            "page": assignment.passage.page,
                            "passage": assignment.passage.index + 1,
                            "score": assignment.score,
                            "terms": list(dict.fromkeys(e["text"] for e in assignment.evidence if e.get("kind") == "term")),
                            "targets": [t["code"] for t in assignment.targets],
                            "text": assignment.passage.text,
                        }
                    )
            for number, entry in goals.items():
                entry["examples"] = examples.get(number, [])
            result.update(goals=goals, targets=scan.targets)
        return result

    def _print(self, result):
        self.stdout.write(f"\n{result['file']}: {result['status']}")
        if result.get("error"):
            self.stdout.write(f"  {result['error']}")
            return
        if result["status"] != Scan.Status.DONE:
            return
        self.stdout.write(f"  {result['pages'] or '-'} page(s), {result['passages']} passages, language {result['language']}")
        self.stdout.write(f"  {'goal':<40} {'passages':>8} {'share':>6} {'score':>6}")
        for number, entry in result["goals"].items():
            if entry["passages"]:
                self.stdout.write(
                    f"  {number:>2} {entry['title'][:37]:<37} {entry['passages']:>8} {entry['share'] * 100:>5.0f}% {entry['score']:>6.2f}"
                )
        gaps = [str(n) for n, e in result["goals"].items() if not e["passages"]]
        if gaps:
            self.stdout.write(f"  not touched: {', '.join(gaps)}")
        if result["targets"]:
            self.stdout.write("  strongest targets: " + ", ".join(f"{t['code']} ({t['passages']})" for t in result["targets"][:5]))
