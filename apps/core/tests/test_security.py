"""Security conventions: headers on every response, security.txt, statements, `check --deploy`."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from apps.core.tests.test_access import DUMMY, KNOWN, walk
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUIRED = {
    "Content-Security-Policy": None,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": None,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def every_url(slug):
    from django.urls import get_resolver

    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if not pattern.name:
            continue
        kwargs = {}
        for converter, name in re.findall(r"<(\w+):(\w+)>", route):
            kwargs[name] = slug if name == "slug" else KNOWN.get(name, DUMMY[converter])
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        try:
            yield reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # the back office's regex routes (object ids): its list pages are covered
            continue


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_every_url_sends_the_security_headers(client, who):
    membership = MembershipFactory()
    if who == "member":
        client.force_login(UserFactory(municipality=membership.municipality))
    checked = 0
    for url in every_url(membership.municipality.slug):
        response = client.get(url)
        for header, value in REQUIRED.items():
            assert header in response, f"{url} ({response.status_code}) lacks {header}"
            if value:
                assert response[header] == value, f"{url}: {header}: {response[header]}"
        csp = response["Content-Security-Policy"]
        if "default-src 'none'" not in csp:  # downloads (SVG) send a stricter policy of their own
            script = re.search(r"script-src ([^;]+)", csp).group(1)
            assert "unsafe-inline" not in script and "unsafe-eval" not in script, f"{url}: {csp}"
            assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY" or "frame-ancestors 'none'" in csp
        checked += 1
    assert checked > 30


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SITE_URL = "https://globalgoalsgemeenten.nl"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().strip().splitlines())
    assert fields["Contact"] == f"mailto:{settings.SECURITY_CONTACT}"
    assert fields["Canonical"] == "https://globalgoalsgemeenten.nl/.well-known/security.txt"
    assert fields["Policy"] == "https://globalgoalsgemeenten.nl/kwetsbaarheid-melden/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Expires"])
    assert fields["Preferred-Languages"] == "nl, en"


@pytest.mark.parametrize(
    ("name", "dutch", "english"),
    [
        ("accessibility", "Toegankelijkheidsverklaring", "Accessibility statement"),
        ("privacy", "Privacyverklaring", "Privacy statement"),
        ("disclosure", "Kwetsbaarheid melden", "Report a vulnerability"),
    ],
)
def test_statements_exist_in_both_languages_and_are_linked_from_every_page(client, name, dutch, english):
    url = reverse(f"pages:{name}")
    nl = client.get(url).content.decode()
    assert f"<h1 class=\"utrecht-heading-1\">{dutch}" in nl
    en = client.get("/en" + url).content.decode()
    assert f"<h1 class=\"utrecht-heading-1\">{english}" in en
    assert f'href="{url}"' in client.get("/").content.decode()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """The production settings, configured as docs/production.md says, pass Django's deployment checks."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the browser tests
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k" * 20 + "Zq8#vP2!mL5@xR7$wT1^nB4&cF6*hJ9(",
        "DJANGO_ALLOWED_HOSTS": "globalgoalsgemeenten.nl",
        "HSTS_SECONDS": "31536000",
        "HSTS_INCLUDE_SUBDOMAINS": "true",
        "HSTS_PRELOAD": "true",
        "SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
