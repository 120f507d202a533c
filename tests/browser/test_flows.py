"""End-to-end flows in a real browser: apply, confirm, approve, accept the invitation, invite a
colleague, switch language, and fix a form after bad input."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.models import Invitation, Role, User
from apps.accounts.services import user_apply_role
from apps.membership import services as membership_services
from apps.membership.models import Application, Membership
from tests.factories import ApplicationFactory, UserFactory, municipality

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

UTRECHT = "GM0344"


def test_visitor_applies_and_confirms_the_email_address(page, mail_link):
    page.goto("/aanmelden/")
    page.get_by_role("combobox", name="Gemeente").fill("Utrecht")
    page.get_by_label("Contactpersoon").fill("Mirjam Hoekstra")
    page.get_by_label("E-mailadres").fill("m.hoekstra@utrecht.example")
    page.get_by_label("Uw rol of functie").fill("Wethouder duurzaamheid")
    page.get_by_label("Waarom wil uw gemeente meedoen?").fill("Wij willen de Global Goals als kader voor ons beleid gebruiken.")
    page.locator("input[name=focus_goals][value='7']").check()
    page.locator("input[name=focus_goals][value='13']").check()
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page).to_have_url(re.compile(r"/aanmelden/verzonden/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    expect(page.locator("main")).to_contain_text("m.hoekstra@utrecht.example")
    application = Application.objects.get(municipality__cbs_code=UTRECHT)
    assert application.status == Application.Status.UNCONFIRMED
    assert sorted(application.focus_goals.values_list("number", flat=True)) == [7, 13]

    page.goto(mail_link("m.hoekstra@utrecht.example"))
    expect(page.locator("main")).to_contain_text("m.hoekstra@utrecht.example")
    page.get_by_role("button", name="Aanmelding bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding bevestigd")
    expect(page.get_by_role("status")).to_contain_text("Utrecht")
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert any("campagneteam" in address for m in mail.outbox for address in m.to)


def test_campaign_team_approves_an_application_in_the_back_office(page):
    application = ApplicationFactory(
        municipality=municipality(UTRECHT), email="m.hoekstra@utrecht.example", status=Application.Status.PENDING, confirmed_at=timezone.now()
    )
    team_member = UserFactory(team=True, email="team@vng.example")
    user_apply_role(user=team_member)

    page.goto("/account/inloggen/")
    page.locator("input[name=username]").fill("team@vng.example")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/backoffice/$"))

    page.goto("/backoffice/membership/application/")
    row = page.locator("#result_list tbody tr", has_text="Utrecht")
    row.get_by_role("link", name="Goedkeuren").click()
    expect(page).to_have_url(re.compile(rf"/backoffice/membership/application/{application.pk}/approve/$"))
    page.get_by_label("Bericht aan de aanvrager").fill("Van harte welkom bij de campagne!")
    page.get_by_role("button", name="Goedkeuren en coördinator uitnodigen").click()

    expect(page).to_have_url(re.compile(r"/backoffice/membership/application/$"))
    expect(page.locator(".messagelist")).to_contain_text("Utrecht")
    membership = Membership.objects.get(municipality__cbs_code=UTRECHT)
    assert membership.application == application
    invitation = Invitation.objects.get(email="m.hoekstra@utrecht.example")
    assert invitation.role == Role.COORDINATOR
    assert "Van harte welkom bij de campagne!" in mail.outbox[-1].body

    page.goto("/gemeenten/utrecht/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Global Goals gemeente")


def test_invited_coordinator_creates_an_account_and_invites_a_colleague(page, mail_link):
    application = ApplicationFactory(
        municipality=municipality(UTRECHT), contact_name="Mirjam Hoekstra", email="m.hoekstra@utrecht.example",
        status=Application.Status.PENDING, confirmed_at=timezone.now(),
    )  # fmt: skip
    membership_services.application_approve(application=application, by=UserFactory(team=True), message="Welkom")

    page.goto(mail_link("m.hoekstra@utrecht.example"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging accepteren")
    expect(page.get_by_label("Uw naam")).to_have_value("Mirjam Hoekstra")
    page.get_by_label("Kies een wachtwoord").fill("Duurzaam-Utrecht-2030")
    page.get_by_label("Herhaal het wachtwoord").fill("Duurzaam-Utrecht-2030")
    page.get_by_role("button", name="Account aanmaken").click()

    expect(page).to_have_url(re.compile(r"/werkruimte/utrecht/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Utrecht")
    expect(page.get_by_role("status")).to_contain_text("Mirjam")
    coordinator = User.objects.get(email="m.hoekstra@utrecht.example")
    assert coordinator.role == Role.COORDINATOR
    assert coordinator.municipality.cbs_code == UTRECHT

    page.get_by_role("link", name="Team beheren").click()
    expect(page).to_have_url(re.compile(r"/werkruimte/utrecht/team/$"))
    invite = page.locator("form", has=page.get_by_role("button", name="Uitnodiging versturen"))
    invite.get_by_label("E-mailadres").fill("j.devries@utrecht.example")
    invite.get_by_label("Naam").fill("Jan de Vries")
    invite.get_by_label("Gemeentecoördinator", exact=True).check()
    invite.get_by_role("button", name="Uitnodiging versturen").click()

    expect(page.get_by_role("status")).to_contain_text("j.devries@utrecht.example")
    expect(page.locator("main")).to_contain_text("Openstaande uitnodigingen")
    invitation = Invitation.objects.get(email="j.devries@utrecht.example")
    assert (invitation.role, invitation.municipality, invitation.invited_by) == (Role.COORDINATOR, coordinator.municipality, coordinator)
    assert "/account/uitnodiging/" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["j.devries@utrecht.example"]


def test_language_switch_shows_the_page_in_english(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the Global Goals local")
    page.get_by_role("link", name="The 17 goals", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/doelen/$"))

    page.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/doelen/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_bad_input_on_the_join_form_shows_errors_and_keeps_what_was_typed(page):
    page.goto("/aanmelden/")
    page.get_by_role("button", name="Aanmelding versturen").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("Het formulier is nog niet verstuurd")
    for label in ("Gemeente", "Contactpersoon", "E-mailadres", "Uw rol of functie", "Waarom wil uw gemeente meedoen?"):
        expect(summary.get_by_role("link", name=label, exact=True)).to_be_visible()
    for name in ("municipality", "contact_name", "email", "contact_role", "motivation"):
        expect(page.locator(f"#id_{name}_error")).to_be_visible()
        expect(page.locator(f"#id_{name}")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Contactpersoon", exact=True).click()
    expect(page.locator("#id_contact_name")).to_be_focused()

    motivation = "Onze raad wil de doelen gebruiken bij de begroting van 2027."
    page.get_by_role("combobox", name="Gemeente").fill("Utrecht")
    page.get_by_label("Contactpersoon").fill("Mirjam Hoekstra")
    page.get_by_label("E-mailadres").fill("geen-e-mailadres")
    page.get_by_label("Uw rol of functie").fill("Beleidsadviseur")
    page.get_by_label("Waarom wil uw gemeente meedoen?").fill(motivation)
    page.locator("input[name=focus_goals][value='3']").check()
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page.locator("#form-errors li")).to_have_count(1)
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.get_by_label("Waarom wil uw gemeente meedoen?")).to_have_value(motivation)
    expect(page.get_by_label("Contactpersoon")).to_have_value("Mirjam Hoekstra")
    expect(page.get_by_label("Uw rol of functie")).to_have_value("Beleidsadviseur")
    expect(page.get_by_label("E-mailadres")).to_have_value("geen-e-mailadres")
    expect(page.get_by_role("combobox", name="Gemeente")).to_have_value("Utrecht")
    expect(page.locator("input[name=focus_goals][value='3']")).to_be_checked()
    assert not Application.objects.exists()
    assert mail.outbox == []
