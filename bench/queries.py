"""Database queries per public page, at a small and a large number of members.

Run by bench/run.py in a subprocess, against a throwaway database that holds the reference data
(DATABASE_URL, DJANGO_SETTINGS_MODULE=bench.settings). Loads the demo content with the first
member count, counts the queries of every page with Django's test client, adds memberships up to
each further count and counts again. Prints one JSON object on stdout.

    python bench/queries.py 10 340
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter

import django

PAGES = [
    ("home", "/"),
    ("member list", "/gemeenten/"),
    ("profile", "/gemeenten/utrecht/"),
    ("map", "/kaart/"),
    ("API members", "/api/v1/municipalities?member=true&pageSize=100"),
    ("API targets", "/api/v1/targets?pageSize=100"),
]
# Logged-in pages (role of the demo account that opens them): queries must not grow with the members either.
LOGGED_IN = [
    ("workspace", "/werkruimte/utrecht/", "coordinator"),
    ("monitor dashboard", "/werkruimte/utrecht/monitor/", "coordinator"),
    ("budget dashboard", "/werkruimte/utrecht/begroting/", "coordinator"),
    ("support queue", "/backoffice/support/supportrequest/", "team"),
]


def normalise(sql: str) -> str:
    """The SQL with its literal values replaced, so that repeated queries (N+1) fall together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\(\s*\?(?:\s*,\s*\?)*\s*\)", "(...)", sql)


def count_queries(clients: dict, connection) -> dict:
    from django.test.utils import CaptureQueriesContext

    result = {}
    for name, url, role in [(name, url, "visitor") for name, url in PAGES] + LOGGED_IN:
        client = clients[role]
        client.get(url)  # first request of the process: translations, content types, URL resolver
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        statements = [q["sql"] for q in ctx.captured_queries]
        repeated = {sql: n for sql, n in Counter(map(normalise, statements)).items() if n > 1}
        result[url] = {"name": name, "queries": len(statements), "repeated": repeated, "sql": statements}
    return result


def set_members(target: int) -> int:
    """Make exactly ``target`` current municipalities members (new ones get a few focus goals); return the count.

    Utrecht (the profile page) stays a member."""
    from apps.goals.models import Goal
    from apps.membership.models import Membership
    from apps.municipalities.models import Municipality

    excess = Membership.objects.count() - target
    if excess > 0:
        surplus = Membership.objects.exclude(municipality__slug="utrecht").order_by("-pk").values_list("pk", flat=True)[:excess]
        Membership.objects.filter(pk__in=list(surplus)).delete()
    missing = target - Membership.objects.count()
    if missing > 0:
        candidates = list(Municipality.objects.current().filter(membership__isnull=True).order_by("cbs_code")[:missing])
        new = Membership.objects.bulk_create(
            Membership(municipality=m, since=dt.date(2017, 1, 1) + dt.timedelta(days=7 * i)) for i, m in enumerate(candidates)
        )
        goals = list(Goal.objects.order_by("number").values_list("pk", flat=True))
        through = Membership.focus_goals.through
        through.objects.bulk_create(
            through(membership_id=membership.pk, goal_id=goals[(i + k * 5) % len(goals)]) for i, membership in enumerate(new) for k in range(i % 4)
        )
    return Membership.objects.count()


def main(counts: list[int]) -> None:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from apps.core.demo import demo_load

    settings.PAGE_CACHE = False  # count the queries of a render (a cache miss), not of a cache hit
    # Throwaway database: the demo people need no expensive password hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # demo_load always adds its 20 featured municipalities; set_members trims to the first count.
    demo_load(password="bench-demo-password", members=counts[0])  # noqa: S106
    from apps.accounts.models import User
    from apps.core.demo import DEMO_COORDINATOR, DEMO_TEAM

    clients = {"visitor": Client()}
    for role, email in (("coordinator", DEMO_COORDINATOR), ("team", DEMO_TEAM)):
        clients[role] = Client()
        clients[role].force_login(User.objects.get(email=email))
    runs = []
    for target in counts:
        members = set_members(target)
        runs.append({"members": members, "pages": count_queries(clients, connection)})
    json.dump({"pages": PAGES + [(name, url) for name, url, _ in LOGGED_IN], "runs": runs}, sys.stdout)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 340])
