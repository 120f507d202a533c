#!/usr/bin/env python
"""Beleidsscan speed and memory (issue 5): a 300-page text PDF (realistic Dutch policy paragraphs,
two columns on every fourth chapter, a table per chapter) scanned end to end — text extraction and
classification, through the same task code the workers run — with seconds, pages per second and the
peak memory of the scanning process; then the batch command on 50 documents with 2 db_worker
processes: documents and pages per second.

    .venv/bin/python bench/policyscan_speed.py [--pages 300] [--documents 50] [--workers 2]

Targets: the 300-page scan under 60 s and under 1.5 GB. Runs on a throwaway SQLite database (WAL)
in a temporary directory with the production settings and the database task backend."""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "De gemeente wil in 2040 klimaatneutraal zijn en versnelt daarom de isolatie van woningen met een slecht energielabel.",
    "We plaatsen zonnepanelen op de daken van scholen, sporthallen en wijkcentra en werken samen met lokale energiecoöperaties.",
    "Huishoudens met een laag inkomen krijgen een energiecoach aan huis, zodat de energierekening betaalbaar blijft.",
    "Het aantal huishoudens met problematische schulden is gestegen; daarom breiden we de schuldhulpverlening uit.",
    "Met vroegsignalering bereiken we mensen met betalingsachterstanden voordat hun schulden onoplosbaar worden.",
    "Geen kind mag opgroeien zonder ontbijt, zwemdiploma of lidmaatschap van een sportclub.",
    "We bouwen tot 2030 duizenden betaalbare woningen, waarvan een groot deel sociale huur en middenhuur.",
    "Met de woningcorporaties maken we prestatieafspraken over nieuwbouw, verduurzaming en het voorkomen van huisuitzettingen.",
    "De luchtkwaliteit in de binnenstad verbetert door de milieuzone en door meer ruimte voor fietsers en voetgangers.",
    "Het openbaar vervoer blijft betaalbaar en toegankelijk voor ouderen, jongeren en mensen met een beperking.",
    "We vervangen tegels door groen, leggen wadi's aan en planten bomen om de stad koel te houden tijdens hittegolven.",
    "De biodiversiteit in parken en bermen beschermen we met ecologisch maaibeheer en natuurvriendelijke oevers.",
    "Samen met het waterschap verbeteren we de waterkwaliteit van de singels en beken.",
    "Elk kind verdient gelijke kansen; we investeren in voor- en vroegschoolse educatie en in de aanpak van laaggeletterdheid.",
    "Volwassenen die willen bijscholen of omscholen, kunnen terecht bij het leerwerkloket in de bibliotheek.",
    "Met huisartsen en de GGD versterken we de preventie: minder roken, minder overgewicht en meer bewegen.",
    "De wachttijden in de jeugdzorg en de geestelijke gezondheidszorg brengen we omlaag.",
    "We helpen werkzoekenden en statushouders aan fatsoenlijk werk met een eerlijk loon.",
    "De gemeente is een inclusieve werkgever en biedt garantiebanen voor mensen met een arbeidsbeperking.",
    "Grondstoffen worden hergebruikt en de hoeveelheid restafval per inwoner halveert in deze periode.",
    "Bij inkoop en aanbesteding kiezen we voor circulaire producten en eerlijke arbeidsomstandigheden in de keten.",
    "We bestrijden discriminatie en racisme en versterken het antidiscriminatiebureau.",
    "Huiselijk geweld pakken we aan met meer opvangplekken en een stevige aanpak van daders.",
    "Inwoners praten mee over hun wijk via wijkbudgetten en burgerberaden.",
    "Raadsinformatie en open data zijn vindbaar en begrijpelijk voor iedereen.",
    "Met partnersteden in andere landen delen we kennis over waterbeheer, klimaat en eerlijke handel.",
    "De lokale economie groeit door innovatie, een goede digitale infrastructuur en ruimte voor startende ondernemers.",
    "Voedselbanken en buurtrestaurants krijgen steun met huisvesting en subsidie.",
    "We werken aan een lokaal voedselbeleid waarin gezonde en duurzame voeding voor iedereen bereikbaar is.",
    "Het college legt jaarlijks verantwoording af over de voortgang in de programmarekening.",
    "De vergaderingen van de raadscommissies zijn openbaar en via een livestream te volgen.",
    "In de paragraaf weerstandsvermogen beschrijven we de risico's en de beschikbare reserves.",
]
HEADINGS = [
    "Bestaanszekerheid",
    "Wonen",
    "Klimaat en energie",
    "Groen en water",
    "Mobiliteit",
    "Onderwijs",
    "Gezondheid",
    "Werk en economie",
    "Inclusie",
    "Bestuur en financiën",
]


def document_html(pages: int, seed: int = 2030) -> str:
    """About ``pages`` A4 pages of chapters (headings, 6-9 paragraphs, a table); every fourth chapter in two columns."""
    rng = random.Random(seed)
    parts, chapter = [], 0
    while len(parts) < pages * 0.92:  # about 1.1 pages per chapter at this size (measured)
        chapter += 1
        paragraphs = ["<p>" + " ".join(rng.sample(SENTENCES, rng.randint(3, 6))) + "</p>" for _ in range(rng.randint(6, 9))]
        rows = "".join(f"<tr><td>{rng.choice(HEADINGS)}</td><td>{rng.randint(1, 40)},{rng.randint(0, 9)} miljoen</td></tr>" for _ in range(4))
        body = "".join(paragraphs)
        if chapter % 4 == 0:
            body = f"<div style='columns: 2; column-gap: 1cm'>{body}</div>"
        parts.append(f"<h2>{chapter}. {rng.choice(HEADINGS)}</h2>{body}<table>{rows}</table>")
    css = "@page { size: A4; margin: 2cm; @bottom-center { content: 'Programmabegroting — pagina ' counter(page) } } body { font-family: sans-serif; font-size: 10pt; line-height: 1.4 } h2 { break-before: auto }"
    return (
        f"<html lang='nl'><head><meta charset='utf-8'><style>{css}</style></head><body><h1>Programmabegroting 2026</h1>{''.join(parts)}</body></html>"
    )


def make_pdf(pages: int, path: Path, unique: int = 60) -> int:
    """Typesetting 300 pages takes WeasyPrint minutes on this machine: it sets ``unique`` pages of
    distinct text, and the PDF repeats them (in their order) up to ``pages``."""
    import io

    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    data = HTML(string=document_html(min(pages, unique))).write_pdf()
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for index in range(pages):
        writer.add_page(reader.pages[index % len(reader.pages)])
    with path.open("wb") as handle:
        writer.write(handle)
    return pages


SCAN_ONE = """
import json, resource, sys, time, django
django.setup()
from django.core.files.base import ContentFile
from apps.policyscan import services
from apps.policyscan.models import Document, Scan
data = open(sys.argv[1], 'rb').read()
document = Document(title='bench', kind='budget', year=2026, format='pdf', size=len(data))
document.file.save('bench.pdf', ContentFile(data), save=False)
document.save()
scan = Scan.objects.create(document=document)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
scan = services.scan_run(scan_id=scan.pk)
seconds = time.perf_counter() - started
document.refresh_from_db()
print(json.dumps({'status': scan.status, 'error': scan.error_code, 'seconds': seconds, 'pages': document.pages, 'passages': scan.passages_total,
                  'goals': sum(1 for e in scan.profile.get('goals', {}).values() if e['passages']),
                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'before_mb': base / 1024}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ggg-bench-policyscan-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"Preparing {tmp}")
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_reference_data"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

    big = tmp / "begroting-300.pdf"
    started = time.perf_counter()
    pages = make_pdf(args.pages, big)
    print(f"Generated a {pages}-page PDF ({big.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s (not part of the figures)")

    out = subprocess.run([sys.executable, "-c", SCAN_ONE, str(big)], env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    one = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n300-page scan (extraction + classification, {one['passages']} passages, {one['goals']} goals found): {one['status']}")
    print(f"  seconds            {one['seconds']:8.1f}   (target < 60)")
    print(f"  pages per second   {one['pages'] / one['seconds']:8.1f}")
    print(f"  peak memory (RSS)  {one['peak_mb']:8.0f} MB (target < 1536; {one['before_mb']:.0f} MB after Django start-up)")

    # the batch: split the big PDF into documents of 6 pages
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(big)
    per = max(1, pages // args.documents)
    files = []
    for number in range(args.documents):
        writer = PdfWriter()
        for index in range(number * per, min((number + 1) * per, pages)):
            writer.add_page(reader.pages[index])
        path = tmp / f"document-{number + 1:02d}.pdf"
        with path.open("wb") as handle:
            writer.write(handle)
        files.append(str(path))
    started = time.perf_counter()
    subprocess.run(
        [*manage, "scan", *files, "--workers", str(args.workers), "--keep", "--json", str(tmp / "batch.json")],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    batch = json.loads((tmp / "batch.json").read_text())
    done = sum(1 for d in batch["documents"] if d["status"] == "done")
    batch_pages = sum(d.get("pages") or 0 for d in batch["documents"])
    print(f"\nBatch: `manage.py scan` on {len(files)} documents ({batch_pages} pages) with {args.workers} db_worker processes: {done} done")
    print(f"  seconds (wall, incl. worker start-up)  {seconds:8.1f}")
    print(f"  documents per second                   {len(files) / seconds:8.2f}")
    print(f"  pages per second                       {batch_pages / seconds:8.1f}")
    ok = one["status"] == "done" and one["seconds"] < 60 and one["peak_mb"] < 1536 and done == len(files)
    print("\nTargets met." if ok else "\nTARGETS NOT MET.")
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
