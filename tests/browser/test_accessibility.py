"""axe-core in Chromium on every page, in Dutch and in English: zero violations.

Each page is also saved as a full-page screenshot in test-artifacts/ (gitignored) for a human look.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from apps.accounts.models import Role
from apps.accounts.services import invitation_create
from apps.goals.models import Goal
from apps.membership.models import Application, DecisionBody
from apps.membership.services import confirmation_token
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, municipality

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AMERSFOORT, ROTTERDAM, AMSTERDAM, GRONINGEN, UTRECHT, ALMERE = "GM0307", "GM0599", "GM0363", "GM0014", "GM0344", "GM0034"


@pytest.fixture
def site(login_as):
    """A few members (Amersfoort: province Utrecht, size class 4, full profile; Amsterdam, which Weesp
    merged into), a coordinator of Amersfoort, and an application waiting for confirmation."""
    goals = {goal.number: goal for goal in Goal.objects.all()}
    amersfoort = MembershipFactory(
        municipality=municipality(AMERSFOORT),
        since=dt.date(2021, 5, 12),
        intro="Amersfoort werkt met de Global Goals aan een duurzame en inclusieve stad.\nSamen met inwoners en bedrijven.",
        website="https://www.amersfoort.nl/",
        decision_body=DecisionBody.choices[0][0],
        decision_date=dt.date(2021, 4, 20),
    )
    amersfoort.focus_goals.set([goals[7], goals[11], goals[13]])
    MembershipFactory(municipality=municipality(ROTTERDAM), since=dt.date(2019, 2, 1)).focus_goals.set([goals[1], goals[10], goals[16], goals[17]])
    MembershipFactory(municipality=municipality(AMSTERDAM), since=dt.date(2018, 9, 3)).focus_goals.set([goals[5], goals[12]])
    MembershipFactory(municipality=municipality(GRONINGEN), since=dt.date(2023, 1, 16))
    coordinator = UserFactory(coordinator=True, municipality=amersfoort.municipality, full_name="Sanne Bakker", email="s.bakker@amersfoort.example")
    UserFactory(municipality=amersfoort.municipality, full_name="Ahmed el Amrani", role=Role.MEMBER)
    invitation_create(email="nieuw@amersfoort.example", role=Role.MEMBER, municipality=amersfoort.municipality, invited_by=coordinator)
    application = ApplicationFactory(municipality=municipality(UTRECHT), status=Application.Status.UNCONFIRMED)
    return {"coordinator": coordinator, "application": application, "slug": amersfoort.municipality.slug, "login_as": login_as}


def _join_errors(page, site, prefix):
    page.goto(f"{prefix}/aanmelden/")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.locator("#form-errors").wait_for()


def _sent(page, site, prefix):
    page.goto(f"{prefix}/aanmelden/")
    page.locator("#id_municipality").select_option(value=str(municipality(ALMERE).pk))
    page.locator("#id_contact_name").fill("Mirjam Hoekstra")
    page.locator("#id_email").fill("m.hoekstra@almere.example")
    page.locator("#id_contact_role").fill("Wethouder")
    page.locator("#id_motivation").fill("Wij willen meedoen.")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/aanmelden/verzonden/")


def _confirm(page, site, prefix):
    page.goto(f"{prefix}/aanmelden/bevestigen/{confirmation_token(site['application'])}/")


def _invitation(page, site, prefix):
    _invitation, token = invitation_create(email="nieuwe.collega@amersfoort.example", role=Role.MEMBER, municipality=municipality(AMERSFOORT))
    page.goto(f"{prefix}/account/uitnodiging/{token}/")


def _workspace(path):
    def open_page(page, site, prefix):
        site["login_as"](site["coordinator"])
        page.goto(f"{prefix}/werkruimte/{site['slug']}/{path}")

    return open_page


PAGES = {
    "home": "/",
    "members": "/gemeenten/",
    "members-filtered": "/gemeenten/?provincie=utrecht&grootte=4",
    "map": "/kaart/",
    "profile-member": "/gemeenten/amersfoort/",
    "profile-non-member": "/gemeenten/utrecht/",
    "profile-merged": "/gemeenten/weesp/",
    "goals": "/doelen/",
    "goal": "/doelen/13/",
    "about": "/over/",
    "join": "/aanmelden/",
    "join-errors": _join_errors,
    "join-sent": _sent,
    "confirm": _confirm,
    "confirm-invalid": "/aanmelden/bevestigen/ongeldige-link/",
    "login": "/account/inloggen/",
    "password-reset": "/account/wachtwoord-vergeten/",
    "invitation": _invitation,
    "not-found": "/deze-pagina-bestaat-niet/",
    "workspace": _workspace(""),
    "workspace-profile": _workspace("profiel/"),
    "workspace-team": _workspace("team/"),
}


def _report(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page, site, language, name):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    target = PAGES[name]
    if callable(target):
        target(page, site, prefix)
    else:
        page.goto(prefix + target)
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == language

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"a11y-{language}-{name}.png", full_page=True)
    violations = Axe().run(page).response["violations"]
    assert not violations, f"{len(violations)} axe violation(s) on {page.url}:\n{_report(violations)}"
