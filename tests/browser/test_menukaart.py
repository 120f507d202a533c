"""The Menukaart in the browser: filter and search, plan an activity, send in a practice example,
have changes requested and publish it; axe-core on every page of the Menukaart."""

import datetime as dt

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.menukaart.demo import load_demo
from apps.menukaart.models import ActionFormat, Activity, AwardRound, PracticeExample
from tests.factories import UserFactory

AXE_PAGES = [
    "menukaart:list",
    "menukaart:format",
    "menukaart:agenda",
    "menukaart:award",
    "menukaart_workspace:dashboard",
    "menukaart_workspace:activity_new",
    "menukaart_workspace:activity",
    "menukaart_workspace:example_new",
    "menukaart_workspace:example",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

TEXT = "Wij verbonden de doelen met de begroting en werkten samen met scholen en ondernemers. " * 6


@pytest.fixture
def catalogue():
    load_demo(password="x")


def test_filter_and_search_the_menukaart(page, catalogue, axe_clean):
    page.goto("/menukaart/")
    page.get_by_label("Doel", exact=True).select_option("4")
    page.get_by_label("Doelgroep").select_option("youth")
    expect(page.get_by_role("link", name="Gastlessen over de doelen")).to_be_visible()
    expect(page.get_by_role("link", name="Repair Café ondersteunen")).to_have_count(0)
    page.get_by_label("Zoeken", exact=True).fill("kinderburgemeester")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Gastlessen over de doelen")).to_have_count(0)
    page.wait_for_load_state("networkidle")  # the delayed search-as-you-type request may still swap the results
    page.goto(page.get_by_role("link", name="Kinderburgemeester voor de doelen").get_attribute("href"))
    page.get_by_role("heading", level=1, name="Kinderburgemeester voor de doelen").wait_for()
    axe_clean("/menukaart/?doel=4&doelgroep=youth", "menukaart-list")
    axe_clean("/menukaart/kinderburgemeester/", "menukaart-format")
    axe_clean("/menukaart/agenda/", "menukaart-agenda")
    axe_clean(f"/menukaart/prijs/{AwardRound.objects.filter(results_published=True).first().year}/", "menukaart-award")


def test_plan_an_activity(page, catalogue, login_as, axe_clean):
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    axe_clean(f"/werkruimte/{slug}/menukaart/", "menukaart-dashboard")
    page.goto("/menukaart/repair-cafe/")
    page.get_by_role("link", name="Plan dit voor mijn gemeente").click()
    expect(page.get_by_label("Titel")).to_have_value("Repair Café ondersteunen")
    page.get_by_label("Datum (niet verplicht)", exact=True).fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    page.locator("#id_partners").fill("Bibliotheek en kringloopwinkel")
    page.get_by_role("button", name="Activiteit opslaan").click()
    page.get_by_text("De activiteit is opgeslagen.").wait_for()
    activity = Activity.objects.get(municipality=member.municipality, title="Repair Café ondersteunen")
    assert activity.partners == "Bibliotheek en kringloopwinkel" and activity.goals.exists()
    axe_clean(f"/werkruimte/{slug}/menukaart/activiteiten/{activity.pk}/", "menukaart-activity")
    axe_clean(f"/werkruimte/{slug}/menukaart/activiteiten/nieuw/?format=repair-cafe", "menukaart-activity-new")


def test_send_in_an_example_request_changes_and_publish(page, catalogue, login_as, axe_clean, live_server, settings):
    settings.SITE_URL = live_server.url
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    axe_clean(f"/werkruimte/{slug}/menukaart/voorbeelden/nieuw/", "menukaart-example-new")
    page.goto(f"/werkruimte/{slug}/menukaart/voorbeelden/nieuw/")
    page.get_by_label("Titel").fill("Onze Global Goals-week")
    page.locator("#id_q_policy").fill(TEXT)
    expect(page.locator("[data-word-count-output]")).to_contain_text("84 woorden (richtlijn 400–800)")  # counted live, as typed
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_text("Uw concept is opgeslagen").wait_for()
    page.get_by_role("button", name="Opslaan en insturen").click()
    page.get_by_text("Versie 1 is naar het campagneteam gestuurd.").wait_for()
    example = PracticeExample.objects.get(title="Onze Global Goals-week")

    team = login_as(UserFactory(team=True, is_superuser=True, is_staff=True))
    page.goto(f"/backoffice/menukaart/practiceexample/{example.pk}/change/")
    page.locator("#id_decision").select_option("changes_requested")
    page.locator("#id_message").fill("Vertel ook wat het kostte.")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("load")
    example.refresh_from_db()
    assert example.status == "changes_requested" and "Vertel ook wat het kostte." in mail.outbox[-1].body

    login_as(member)
    page.goto(f"/werkruimte/{slug}/menukaart/voorbeelden/{example.pk}/")
    expect(page.get_by_text("Vertel ook wat het kostte.")).to_be_visible()
    page.locator("#id_q_visibility").fill("Het kostte 15.000 euro en trok 2.000 bezoekers.")
    page.get_by_role("button", name="Opslaan en insturen").click()
    page.get_by_text("Versie 2 is naar het campagneteam gestuurd.").wait_for()
    axe_clean(f"/werkruimte/{slug}/menukaart/voorbeelden/{example.pk}/", "menukaart-example")

    login_as(team)
    page.goto(f"/backoffice/menukaart/practiceexample/{example.pk}/change/")
    page.locator("#id_decision").select_option("published")
    page.locator("#id_attach_to").select_option(str(ActionFormat.objects.get(slug="global-goals-week").pk))
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("load")
    example.refresh_from_db()
    assert example.status == "published" and example.action_format.slug == "global-goals-week" and example.version == 2
    page.goto("/menukaart/global-goals-week/")
    expect(page.get_by_text("Onze Global Goals-week")).to_be_visible()
