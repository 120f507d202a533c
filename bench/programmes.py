#!/usr/bin/env python
"""Programme figures (issue 6): the time to generate the guide (the task body: chapters, Dutch and
English PDF with table of contents and page numbers) with 5 and with 50 chapters, the pages it
produced, and the public guide web page (p50 over 10 requests, queries at 5 and at 50 chapters:
must be equal).

    .venv/bin/python bench/programmes.py

In-process on a throwaway SQLite database in a temporary directory (removed at the end); media files
go to a temporary MEDIA_ROOT as well."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PARAGRAPH = (
    "De gemeente werkte samen met inwoners, ervaringsdeskundigen en maatschappelijke partners aan een toegankelijke en inclusieve "
    "dienstverlening. We begonnen klein, in één wijk, en maakten de resultaten zichtbaar per Global Goal. "
)


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-programmes-")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3", "MEDIA_ROOT": f"{tmp.name}/media"}
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    settings.MEDIA_ROOT = f"{tmp.name}/media"
    import logging

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from apps.membership.models import Membership
    from apps.municipalities.models import Municipality
    from apps.programmes import services
    from apps.programmes.models import Deliverable, Guide, Programme, Registration, Submission, SubmissionVersion

    municipalities = list(Municipality.objects.current().order_by("cbs_code")[:50])
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in municipalities)
    text = "\n\n".join([PARAGRAPH * 3] * 5)  # about 450 words

    def programme_with(chapters: int) -> Guide:
        programme = Programme.objects.create(
            slug=f"bench-{chapters}",
            title_nl=f"Benchprogramma {chapters}",
            title_en=f"Bench programme {chapters}",
            summary_nl="Samen leren.",
            published=True,
        )
        deliverable = Deliverable.objects.create(programme=programme, title_nl="Tekst", deadline=dt.date(2030, 8, 15))
        for index, municipality in enumerate(municipalities[:chapters]):
            registration = Registration.objects.create(
                programme=programme, municipality=municipality, contact_email=f"bench{index}@example.org", status="confirmed"
            )
            submission = Submission.objects.create(
                deliverable=deliverable,
                registration=registration,
                title=f"Goed voorbeeld {index + 1}",
                text=text,
                status="accepted",
                version=1,
                accepted_at=timezone.now(),
            )
            submission.goals.set([10, 11, (index % 17) + 1])
            SubmissionVersion.objects.create(
                submission=submission,
                number=1,
                title=submission.title,
                text=text,
                text_en=text if index % 2 else "",
                title_en=f"Good example {index + 1}",
                word_count=len(text.split()),
            )
        return Guide.objects.create(
            programme=programme, title_nl="Handreiking", title_en="Guide", intro_nl="## Inleiding\n\n" + PARAGRAPH * 4, intro_en="Introduction. " * 20
        )

    client = Client()
    print("Guide generation (task body: chapters + Dutch and English PDF), and the public guide page:")
    counts = {}
    for chapters in (5, 50):
        guide = programme_with(chapters)
        started = time.perf_counter()
        result = services.guide_build(guide_id=guide.pk)
        seconds = time.perf_counter() - started
        guide.refresh_from_db()
        services.guide_publish(guide=guide)
        url = guide.get_absolute_url()
        client.get(url)
        timings = []
        for _ in range(10):
            begin = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[chapters] = len(queries.captured_queries)
        print(
            f"  {chapters:>2} chapters: generate {seconds:6.1f} s ({seconds / chapters:.2f} s per chapter), PDF nl {result['pages_nl']} pages, en {result['pages_en']} pages; "
            f"web page p50 {statistics.median(timings):.0f} ms, {counts[chapters]} queries"
        )
    same = counts[5] == counts[50]
    print(f"  queries on the guide page: {'constant' if same else 'NOT constant'} ({counts[5]} at 5, {counts[50]} at 50 chapters)")
    tmp.cleanup()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
