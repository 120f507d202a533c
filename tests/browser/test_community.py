"""YoungChallengers and the knowledge base in the browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.knowledge.demo import load_demo as knowledge_demo
from apps.youngchallengers.models import Challenge, YoungChallenger
from tests.factories import UserFactory

AXE_PAGES = ["youngchallengers:challenge_edit", "knowledge:list"]  # checked below (apps/core/tests/test_axe_coverage.py)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests


def test_nominate_invite_and_start_a_challenge(page, login_as, live_server, settings, axe_clean):
    settings.SITE_URL = live_server.url
    coordinator = login_as(UserFactory(coordinator=True, full_name="Sanne Bakker"))
    slug = coordinator.municipality.slug
    page.goto(f"/werkruimte/{slug}/youngchallengers/")
    page.get_by_label("E-mailadres van uw collega").fill("noor.visser@gemeente.example")
    page.get_by_label("Naam (als uw collega nog geen account heeft)").fill("Noor Visser")
    page.get_by_role("button", name="Voordragen").click()
    page.get_by_text("Er is een uitnodiging verstuurd").wait_for()
    letter = next(m for m in mail.outbox if "noor.visser@gemeente.example" in m.to)
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", letter.body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.locator("#id_password1").fill("een-lang-wachtwoord-2030")
    page.locator("#id_password2").fill("een-lang-wachtwoord-2030")
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state()
    noor = YoungChallenger.objects.get(user__email="noor.visser@gemeente.example")
    assert noor.municipality == coordinator.municipality

    page.goto("/youngchallengers/challenges/nieuw/")
    page.get_by_label("Titel").fill("Global Goals-lunch")
    page.locator("input[name=goals][value='12']").check()
    page.get_by_label("Plan").fill("Elk kwartaal een lunch met een doel.")
    page.get_by_role("button", name="Challenge opslaan").click()
    page.get_by_text("De challenge is opgeslagen.").wait_for()
    page.locator("#id_step-title").fill("Gesprek met facilitaire zaken")
    page.get_by_role("button", name="Stap toevoegen").click()
    page.get_by_text("Gesprek met facilitaire zaken").wait_for()
    assert Challenge.objects.get(challenger=noor).steps.count() == 1
    challenge = Challenge.objects.get(challenger=noor)
    axe_clean(f"/youngchallengers/challenges/{challenge.pk}/", "yc-challenge-edit")


def test_search_the_knowledge_base(page, axe_clean):
    knowledge_demo(password="")
    page.goto("/kennisbank/")
    page.get_by_label("Zoeken", exact=True).fill("begroting")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="De begroting langs de Global Goals leggen").wait_for()
    expect(page.get_by_role("link", name="Een Global Goals-week organiseren")).to_have_count(0)
    page.wait_for_load_state("networkidle")  # the delayed search-as-you-type request may still swap the results
    page.goto(page.get_by_role("link", name="De begroting langs de Global Goals leggen").get_attribute("href"))
    page.get_by_role("heading", level=1, name="De begroting langs de Global Goals leggen").wait_for()
    axe_clean("/kennisbank/?q=begroting", "knowledge-search")
