"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's live server.

One browser per test session, a fresh context (cookies, storage) and page per test. Playwright's
sync API runs an event loop in the main thread, so Django's async-safety check would refuse the
database calls the tests make themselves; the live server runs in its own thread.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "correct-horse-battery"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: run `make chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(45_000)  # a page that renders artwork in the request (tests run tasks at once) on a busy machine
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=ARTIFACTS / f"failed-{name}.png", full_page=True)
    context.close()


@pytest.fixture
def mail_link(live_server):
    """The first link to this site in the latest e-mail to ``to``, pointing at the live server."""

    def find(to: str) -> str:
        messages = [m for m in mail.outbox if to in m.to]
        assert messages, f"no e-mail to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
        site = settings.SITE_URL.rstrip("/")
        match = re.search(re.escape(site) + r"/\S+", messages[-1].body)
        assert match, f"no link in the e-mail to {to}:\n{messages[-1].body}"
        return live_server.url + match.group(0).removeprefix(site)

    return find


@pytest.fixture
def login_as(page, live_server):
    """Log ``user`` in without the form: a session made by Django's test client, as a cookie."""

    def login(user):
        from django.test import Client

        # A navigation still in flight (a form just submitted) may answer with the previous user's
        # session cookie after ours is set: let it finish first.
        page.wait_for_load_state("load")
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return user

    return login


def shoot(page, name: str, prefix: str = "journey") -> None:
    """The page at desktop and phone width, saved as test-artifacts/<prefix>-<name>-<width>.png for an
    issue's closing note. Opt-in (WORKFLOW_SCREENSHOTS=1): not in CI. After each resize it waits for
    the page's debounced resize handler (static/js/app.js, 150 ms), so e.g. the table hint is drawn."""
    if not os.environ.get("WORKFLOW_SCREENSHOTS"):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        page.screenshot(path=ARTIFACTS / f"{prefix}-{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def axe_report(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_clean(page):
    """``axe_clean(path, name)`` opens ``path`` in Dutch and under /en/ in English, saves full-page
    screenshots as test-artifacts/a11y-<language>-<name>.png and fails on any axe-core violation.
    ``path`` is the Dutch path (without /en); ``status`` the expected HTTP status."""
    from axe_playwright_python.sync_playwright import Axe

    def check(path: str, name: str, status: int = 200, languages=("nl", "en")):
        ARTIFACTS.mkdir(exist_ok=True)
        failures = []
        for language in languages:
            url = path if language == "nl" else "/en" + path
            response = page.goto(url)
            assert response.status == status, f"{url} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language, f"{page.url} is not in language {language}"
            page.screenshot(path=ARTIFACTS / f"a11y-{language}-{name}.png", full_page=True)
            violations = Axe().run(page).response["violations"]
            if violations:
                failures.append(f"{len(violations)} axe violation(s) on {page.url} ({language}):\n{axe_report(violations)}")
        assert not failures, "\n".join(failures)

    return check
