"""axe-core in Chromium on every page, in Dutch and in English (/en/...): zero violations.

One test per page checks both languages (a test costs a database reset, a page load does not).
Each page is also saved as a full-page screenshot, test-artifacts/a11y-<language>-<page>.png
(gitignored), for a human look.
"""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from apps.accounts.models import Role
from apps.accounts.services import invitation_create
from apps.goals.models import Goal
from apps.membership.models import Application, DecisionBody
from apps.membership.services import confirmation_token
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, municipality

from .conftest import ARTIFACTS, axe_report

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

LANGUAGES = {"nl": "", "en": "/en"}
AMERSFOORT, ROTTERDAM, AMSTERDAM, GRONINGEN, UTRECHT, ALMERE = "GM0307", "GM0599", "GM0363", "GM0014", "GM0344", "GM0034"


@pytest.fixture
def site():
    """Members (Amersfoort: province Utrecht, size class 4, full profile; Amsterdam, which Weesp merged
    into), Amersfoort's team with an open invitation, and an application waiting for confirmation."""
    goals = {goal.number: goal for goal in Goal.objects.all()}
    amersfoort = MembershipFactory(
        municipality=municipality(AMERSFOORT),
        since=dt.date(2021, 5, 12),
        intro="Amersfoort werkt met de Global Goals aan een duurzame en inclusieve stad.\nSamen met inwoners en bedrijven.",
        website="https://www.amersfoort.nl/",
        decision_body=DecisionBody.COUNCIL,
        decision_date=dt.date(2021, 4, 20),
    )
    amersfoort.focus_goals.set([goals[7], goals[11], goals[13]])
    MembershipFactory(municipality=municipality(ROTTERDAM), since=dt.date(2019, 2, 1)).focus_goals.set([goals[1], goals[10], goals[16], goals[17]])
    MembershipFactory(municipality=municipality(AMSTERDAM), since=dt.date(2018, 9, 3)).focus_goals.set([goals[5], goals[12]])
    MembershipFactory(municipality=municipality(GRONINGEN), since=dt.date(2023, 1, 16))
    coordinator = UserFactory(coordinator=True, municipality=amersfoort.municipality, full_name="Sanne Bakker", email="s.bakker@amersfoort.example")
    UserFactory(municipality=amersfoort.municipality, full_name="Ahmed el Amrani", role=Role.MEMBER)
    invitation_create(email="nieuw@amersfoort.example", role=Role.MEMBER, municipality=amersfoort.municipality, invited_by=coordinator)
    _invitation, token = invitation_create(email="nieuwe.collega@amersfoort.example", role=Role.MEMBER, municipality=amersfoort.municipality)
    application = ApplicationFactory(municipality=municipality(UTRECHT), status=Application.Status.UNCONFIRMED)
    from apps.knowledge.demo import load_demo as knowledge_demo
    from apps.updates.services import unsubscribe_token
    from apps.youngchallengers.models import Challenge, Post, YoungChallenger

    knowledge_demo(password="")
    young = YoungChallenger.objects.create(
        user=coordinator,
        municipality=amersfoort.municipality,
        role_title="Trainee",
        works_on="Duurzame kantine",
        public=True,
        public_summary="Ik werk aan doel 12.",
    )
    young.focus_goals.set([goals[12], goals[13]])
    challenge = Challenge.objects.create(challenger=young, title="Global Goals-lunch", plan="Elk kwartaal een lunch.", public=True)
    challenge.goals.set([goals[12]])
    Post.objects.create(author=young, body="Wie heeft tips voor een duurzame kantine?")
    return {
        "young_challenger": young.pk,
        "unsubscribe_token": unsubscribe_token("iemand@example.org"),
        "coordinator": coordinator,
        "confirmation_token": confirmation_token(application),
        "invitation_token": token,
    }


def join_errors(page, prefix):
    page.goto(f"{prefix}/aanmelden/")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.locator("#form-errors").wait_for()


def join_sent(page, prefix):
    page.goto(f"{prefix}/aanmelden/")
    page.locator("#id_municipality").fill("Almere")
    page.locator("#id_contact_name").fill("Mirjam Hoekstra")
    page.locator("#id_email").fill("m.hoekstra@almere.example")
    page.locator("#id_contact_role").fill("Wethouder")
    page.locator("#id_motivation").fill("Wij willen meedoen.")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/aanmelden/verzonden/")


TWO_FACTOR = "/account/tweestapsverificatie/"
BACKUP_CODES = "/account/tweestapsverificatie/herstelcodes/"


def _coordinator_with_linked_app(staff=False):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.models import User

    user = User.objects.get(email="s.bakker@amersfoort.example")
    if staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return user, TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "app"})[0]


def two_factor_setup(page, prefix):
    """The first time: link the authenticator app (QR code and key)."""
    page.goto(f"{prefix}{TWO_FACTOR}")
    page.locator("#totp-secret").wait_for()


def two_factor_login(page, prefix):
    """The login step with a linked app: its code or a back-up code."""
    _coordinator_with_linked_app()
    page.goto(f"{prefix}{TWO_FACTOR}")
    page.locator("#id_token").wait_for()


def two_factor_backup_codes(page, prefix):
    """A staff member confirms the app's code, then makes back-up codes: the page that shows them once."""
    from django_otp.oath import TOTP

    _user, device = _coordinator_with_linked_app(staff=True)
    page.goto(f"{prefix}{BACKUP_CODES}")
    if TWO_FACTOR + "?" in page.url:  # not yet verified in this session
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.locator("#id_token").fill(f"{totp.token():0{device.digits}d}")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{BACKUP_CODES}**")
    page.locator("main form button[type=submit]").click()
    page.locator("#backup-codes").wait_for()


two_factor_setup.AXE_NAMES = two_factor_login.AXE_NAMES = ["accounts:two_factor"]
two_factor_backup_codes.AXE_NAMES = ["accounts:backup_codes"]

# Page name: its Dutch path (with {placeholders} from the `site` data), or a function that gets the page there.
join_errors.AXE_NAMES = ["membership:join"]
join_sent.AXE_NAMES = ["membership:sent"]

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
    "join-errors": join_errors,
    "join-sent": join_sent,
    "confirm": "/aanmelden/bevestigen/{confirmation_token}/",
    "confirm-invalid": "/aanmelden/bevestigen/ongeldige-link/",
    "login": "/account/inloggen/",
    "password-reset": "/account/wachtwoord-vergeten/",
    "password-reset-sent": "/account/wachtwoord-vergeten/verzonden/",
    "password-reset-invalid-link": "/account/wachtwoord-herstellen/MQ/ongeldige-link/",
    "password-reset-complete": "/account/wachtwoord-herstellen/klaar/",
    "invitation": "/account/uitnodiging/{invitation_token}/",
    "not-found": "/deze-pagina-bestaat-niet/",
    "workspace": "/werkruimte/amersfoort/",
    "workspace-profile": "/werkruimte/amersfoort/profiel/",
    "workspace-team": "/werkruimte/amersfoort/team/",
    "workspace-artwork": "/werkruimte/amersfoort/huisstijl/",  # the first visit makes the set (tasks run at once in tests)
    "usage-rules": "/huisstijl/",
    "accessibility-statement": "/toegankelijkheid/",
    "privacy-statement": "/privacy/",
    "disclosure": "/kwetsbaarheid-melden/",
    "api-docs": "/ontwikkelaars/",
    "workspace-api-keys": "/werkruimte/amersfoort/api-sleutels/",
    "workspace-support": "/werkruimte/amersfoort/ondersteuning/",
    "knowledge": "/kennisbank/",
    "knowledge-article": "/kennisbank/handreiking-sdg-paragraaf/",
    "campaign-page": "/campagne/waarom-meedoen/",
    "youngchallengers": "/youngchallengers/",
    "unsubscribe": "/updates/afmelden/{unsubscribe_token}/",
    "workspace-youngchallengers": "/werkruimte/amersfoort/youngchallengers/",
    "workspace-yc-network": "/youngchallengers/netwerk/",
    "workspace-yc-profile": "/youngchallengers/{young_challenger}/",
    "workspace-yc-profile-edit": "/youngchallengers/mijn-profiel/",
    "workspace-yc-challenge-new": "/youngchallengers/challenges/nieuw/",
    "workspace-my-data": "/account/gegevens/",  # "workspace-" pages are seen logged in
    "workspace-delete-account": "/account/gegevens/account-verwijderen/",
    "workspace-2fa-setup": two_factor_setup,
    "workspace-2fa-login": two_factor_login,
    "workspace-2fa-backup-codes": two_factor_backup_codes,
}
STATUS = {"confirm-invalid": 400, "not-found": 404}  # every other page answers 200


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page, site, login_as, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if name.startswith("workspace"):
        login_as(site["coordinator"])
    target = PAGES[name]
    ARTIFACTS.mkdir(exist_ok=True)
    failures = []
    for language, prefix in LANGUAGES.items():
        if callable(target):
            target(page, prefix)
        else:
            path = prefix + target.format(**site)
            response = page.goto(path)
            assert response.status == STATUS.get(name, 200), f"{path} answered {response.status}"
            assert urlsplit(page.url).path == urlsplit(path).path, f"{path} redirected to {page.url}"
        assert page.locator("html").get_attribute("lang") == language, f"{page.url} is not in language {language}"
        page.screenshot(path=ARTIFACTS / f"a11y-{language}-{name}.png", full_page=True)
        violations = Axe().run(page).response["violations"]
        if violations:
            failures.append(f"{len(violations)} axe violation(s) on {page.url} ({language}):\n{axe_report(violations)}")
    assert not failures, "\n".join(failures)
