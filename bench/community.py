#!/usr/bin/env python
"""Issue 11 figures: a bulk update to 1,000 recipients (time, and exactly one e-mail each, with the
locmem backend), and the campaign team's support queue with 10,000 requests (p95 over 30 loads of
the back-office list, queries per page at 100 and at 10,000 requests).

    .venv/bin/python bench/community.py

Runs in-process on a throwaway SQLite database in a temporary directory (removed at the end)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    tmp = tempfile.TemporaryDirectory(prefix="ggg-bench-community-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp.name}/bench.sqlite3",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # locmem outbox
    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)

    from apps.accounts.models import Role, User
    from apps.membership.models import Membership
    from apps.municipalities.models import Municipality
    from apps.support.models import Message, SupportRequest
    from apps.updates import services as updates
    from apps.updates.models import Audience, Update

    municipalities = list(Municipality.objects.current().order_by("cbs_code")[:300])
    Membership.objects.bulk_create(Membership(municipality=m, since="2020-01-01") for m in municipalities)
    users = [
        User(email=f"coordinator{i}@bench.example", full_name=f"Coördinator {i}", role=Role.COORDINATOR, municipality=municipalities[i % len(municipalities)])
        for i in range(1000)
    ]
    User.objects.bulk_create(users)
    update = Update.objects.create(subject="Bench", body="Een bericht aan alle coördinatoren.", audience=Audience.COORDINATORS)
    Update.objects.filter(pk=update.pk).update(status=Update.Status.SENDING)
    mail.outbox = []
    started = time.perf_counter()
    result = updates.update_deliver(update_id=update.pk)
    seconds = time.perf_counter() - started
    per_address = Counter(m.to[0] for m in mail.outbox)
    again = updates.update_deliver(update_id=update.pk)
    print("Bulk update to coordinators (locmem backend)")
    print(f"  recipients {len(per_address)}, e-mails {len(mail.outbox)}, max per address {max(per_address.values())}, result {result}")
    print(f"  {seconds:.2f} s ({seconds / len(mail.outbox) * 1000:.2f} ms per recipient); running the task again sent {again['sent']}")
    ok = len(per_address) == 1000 and max(per_address.values()) == 1 and again["sent"] == 0

    team = User.objects.create_superuser(email="team@bench.example", password=None, full_name="Team")
    client = Client()
    client.force_login(team)
    url = "/backoffice/support/supportrequest/"

    def fill(total):
        existing = SupportRequest.objects.count()
        from django.utils import timezone

        now = timezone.now()
        batch = [
            SupportRequest(municipality=municipalities[i % len(municipalities)], category="other", subject=f"Vraag {i}", last_message_at=now)
            for i in range(existing, total)
        ]
        created = SupportRequest.objects.bulk_create(batch, batch_size=2000)
        Message.objects.bulk_create([Message(request=r, body="Vraag") for r in created], batch_size=2000)

    def measure(total):
        fill(total)
        client.get(url)
        with CaptureQueriesContext(connections["default"]) as ctx:
            assert client.get(url).status_code == 200
        queries = len(ctx.captured_queries)  # read now: the next request clears the log
        times = []
        for _ in range(30):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        return queries, statistics.median(times), times[int(0.95 * len(times)) - 1]

    print("Support queue in the back office (100 per page)")
    small = measure(100)
    large = measure(10_000)
    for total, (queries, p50, p95) in ((100, small), (10_000, large)):
        print(f"  {total:>6} requests: {queries} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print("  queries constant: " + ("yes" if small[0] == large[0] else "NO"))
    tmp.cleanup()
    return 0 if ok and small[0] == large[0] else 1


if __name__ == "__main__":
    sys.exit(main())
