"""Onboarding journeys of issue 24 played as their roles, in Dutch: a municipality joins and the team
approves it on the page its e-mail links to; the team works its to-do list; a coordinator nominates a
YoungChallenger; a resident opens the main menu on a phone. axe-core on every page visited.

Set WORKFLOW_SCREENSHOTS=1 to also save the key pages at 1280 and 390 px as
test-artifacts/journey-<name>-<width>.png."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.membership.models import Application, Membership
from apps.support import services as support
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, municipality

from .conftest import axe_report, shoot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]

PHONE = {"width": 390, "height": 844}


def axe_here(page):
    """axe-core on the page as it is now (no second visit: these journeys stay cheap)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe on {page.url}:\n{axe_report(violations)}"



def test_a_municipality_joins_the_team_approves_and_the_coordinator_lands_on_the_first_steps(page, login_as, mail_link):
    page.goto("/aanmelden/")
    page.get_by_role("combobox", name="Gemeente").press_sequentially("Den Haag")
    page.get_by_label("Contactpersoon", exact=True).fill("Sanne de Boer")
    page.get_by_label("E-mailadres", exact=True).fill("s.deboer@denhaag.example")
    page.get_by_label("Uw rol of functie", exact=True).fill("Beleidsadviseur internationale zaken")
    page.get_by_label("Waarom wil uw gemeente meedoen?").fill("Wij willen de doelen in ons beleid verankeren.")
    expect(page.get_by_role("link", name="privacyverklaring")).to_be_visible()
    shoot(page, "join")
    axe_here(page)
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url("**/aanmelden/verzonden/")
    application = Application.objects.get()
    assert application.municipality.cbs_code == "GM0518"  # 's-Gravenhage, found by its common name

    page.goto(mail_link("s.deboer@denhaag.example"))
    page.get_by_role("button", name="Aanmelding bevestigen").click()
    page.get_by_role("heading", level=1).wait_for()
    axe_here(page)

    login_as(UserFactory(team=True, is_superuser=True, full_name="Campagneteam"))
    page.goto(mail_link(settings.CAMPAIGN_TEAM_EMAIL))  # the page the team's e-mail links to
    page.get_by_role("link", name="Goedkeuren").click()
    page.get_by_label("Bericht aan de aanvrager").fill("Van harte welkom!")
    shoot(page, "approve")
    axe_here(page)
    page.get_by_role("button", name="Goedkeuren en coördinator uitnodigen").click()
    expect(
        page.get_by_text("'s-Gravenhage is nu een Global Goals gemeente; s.deboer@denhaag.example is per e-mail uitgenodigd als coördinator.")
    ).to_be_visible()
    assert Membership.objects.filter(municipality__cbs_code="GM0518").exists()

    invitation = mail.outbox[-1]
    assert invitation.subject == "De aanmelding van 's-Gravenhage is goedgekeurd"
    page.context.clear_cookies()
    page.goto(mail_link("s.deboer@denhaag.example"))
    expect(page.get_by_label("Functie")).to_have_value("Beleidsadviseur internationale zaken")  # the role given when joining
    page.locator("#id_password1").fill("een-lang-wachtwoord-42")
    page.locator("#id_password2").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_role("heading", name="Eerste stappen").wait_for()
    expect(page.locator("#first-steps").get_by_role("link", name="Nodig collega's uit")).to_be_visible()
    coordinator = User.objects.get(email="s.deboer@denhaag.example")
    assert coordinator.job_title == "Beleidsadviseur internationale zaken" and coordinator.municipality.cbs_code == "GM0518"
    shoot(page, "first-steps")
    axe_here(page)


def test_the_campaign_team_works_its_to_do_list(page, login_as):
    for code in ("GM0599", "GM0363"):  # Rotterdam and Amsterdam wait for a decision
        ApplicationFactory(municipality=municipality(code), status=Application.Status.PENDING)
    member = UserFactory(full_name="Lotte Jansen")
    support.request_create(municipality=member.municipality, user=member, category="other", subject="Logo", body="Waar vind ik het logo?")

    login_as(UserFactory(team=True, is_superuser=True))
    page.goto("/account/")  # the team lands on the back office's home: its to-do list
    todo = page.locator("#team-todo")
    expect(todo.get_by_role("row", name="Aanmeldingen om over te beslissen")).to_contain_text("2")
    expect(todo.get_by_role("row", name="Ondersteuningsvragen die op het team wachten")).to_contain_text("1")
    shoot(page, "team-todo")
    axe_here(page)
    todo.get_by_role("link", name="Aanmeldingen om over te beslissen").click()
    expect(page.locator("#result_list")).to_contain_text("Rotterdam")
    expect(page.locator("#result_list")).to_contain_text("Amsterdam")
    axe_here(page)


def test_a_coordinator_nominates_a_young_challenger_who_lands_on_the_profile_set_up(page, login_as, mail_link):
    coordinator = login_as(UserFactory(coordinator=True, full_name="Lotte Jansen"))
    page.goto(f"/werkruimte/{coordinator.municipality.slug}/youngchallengers/")
    expect(page.get_by_role("link", name=f"Werkruimte van {coordinator.municipality.display_name}")).to_be_visible()  # the way back
    page.get_by_label("E-mailadres van uw collega").fill("jong@gemeente.example")
    page.get_by_label("Naam").fill("Noor Bakker")
    shoot(page, "nominate")
    axe_here(page)
    page.get_by_role("button", name="Voordragen").click()
    page.get_by_text("Er is een uitnodiging verstuurd.").wait_for()

    sent = [m for m in mail.outbox if "jong@gemeente.example" in m.to][-1]
    assert "YoungChallenger" in sent.subject and "YoungChallenger" in sent.body
    assert "gemeentemedewerker" not in sent.body
    page.context.clear_cookies()
    page.goto(mail_link("jong@gemeente.example"))
    page.locator("#id_password1").fill("een-lang-wachtwoord-42")
    page.locator("#id_password2").fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Account aanmaken").click()
    page.wait_for_url("**/youngchallengers/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("YoungChallenger")
    shoot(page, "young-challenger-profile")
    axe_here(page)


def test_the_main_menu_folds_on_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    members = page.locator(".site-nav").get_by_role("link", name="Gemeenten", exact=True)
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(members).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 0.3 * PHONE["height"], header  # the menu took 45 % of the first screen
    shoot(page, "phone-menu-closed")
    axe_here(page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(members).to_be_visible()
    axe_here(page)
    page.keyboard.press("Escape")
    expect(members).to_be_hidden()

    MembershipFactory(municipality=municipality("GM1900"))  # Súdwest-Fryslân: a long name in a wide table
    page.goto("/gemeenten/")  # the wide table: a hint above it, focusable, named after its caption
    container = page.locator(".utrecht-table-container").first
    expect(container).to_have_class(re.compile(r"\bis-scrollable\b"))
    expect(container).to_have_attribute("tabindex", "0")
    expect(container).to_have_attribute("role", "region")
    expect(page.locator(".table-scroll-hint")).to_have_text("Scroll opzij om de hele tabel te zien.")
    shoot(page, "phone-table")
    axe_here(page)
    page.set_viewport_size({"width": 1280, "height": 900})  # wide enough: no hint, no tab stop
    expect(page.locator(".table-scroll-hint")).to_have_count(0)
    expect(container).not_to_have_attribute("tabindex", "0")


def test_without_javascript_the_main_menu_stays_open(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.locator(".site-nav__toggle")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link", name="Gemeenten", exact=True)).to_be_visible()
    context.close()
