"""The Tijdscapsule in the browser: a municipality requests a visit, the campaign team confirms it in
the back office, people leave wishes from a phone, the counts go up; axe-core on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.tijdscapsule.models import Visit, Wish
from tests.factories import UserFactory

AXE_PAGES = [
    "tijdscapsule:home",
    "tijdscapsule:counts",
    "tijdscapsule:kit",
    "tijdscapsule:visit",
    "tijdscapsule:wish",
    "tijdscapsule:thanks",
    "tijdscapsule:poster",
    "tijdscapsule:wishes",
    "tijdscapsule_workspace:dashboard",
    "tijdscapsule_workspace:request",
    "tijdscapsule_workspace:visit",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests
PHONE = {"width": 390, "height": 844}


def test_request_confirm_wish_from_a_phone_and_count(page, browser, live_server, login_as, axe_clean, settings):

    settings.SITE_URL = live_server.url
    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 0  # the journey plays the visit today (the lead time: tests/browser/test_journeys_programme.py)
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    today = timezone.localdate()

    # 1. the municipality requests a visit (today and tomorrow)
    axe_clean(f"/werkruimte/{slug}/tijdscapsule/", "tijdscapsule-dashboard")
    page.goto(f"/werkruimte/{slug}/tijdscapsule/")
    page.get_by_role("link", name="Bezoek aanvragen").click()
    page.get_by_label("Naam van het evenement").fill("Wensenavond in de bibliotheek")
    page.get_by_label("Inwonersavond").check()
    page.get_by_label("Eerste dag").fill(today.isoformat())
    page.get_by_label("Laatste dag").fill((today + dt.timedelta(days=1)).isoformat())
    page.locator("#id_address").fill("Stationsplein 1, Ergens")
    page.get_by_label("Verwacht aantal bezoekers").fill("120")
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_text("Uw aanvraag is naar het campagneteam gestuurd").wait_for()
    visit = Visit.objects.get(municipality=member.municipality)
    assert visit.status == "requested" and visit.contact_email == member.email
    axe_clean(f"/werkruimte/{slug}/tijdscapsule/aanvragen/", "tijdscapsule-request")
    axe_clean(f"/werkruimte/{slug}/tijdscapsule/bezoeken/{visit.pk}/", "tijdscapsule-workspace-visit")

    # 2. the campaign team confirms it in the back office
    login_as(UserFactory(team=True, is_superuser=True))
    page.goto(f"/backoffice/tijdscapsule/visit/{visit.pk}/change/")
    expect(page.get_by_text("De gevraagde dagen zijn vrij.")).to_be_visible()
    page.locator("#id_decision").select_option("confirm")
    page.locator("#id_message").fill("Tot dan! De capsule komt om 9 uur.")
    page.locator("input[name=_save]").click()
    visit.refresh_from_db()
    assert visit.status == "confirmed" and visit.blocked_days.count() == 2 + visit.capsule.transport_days
    page.goto("/backoffice/tijdscapsule/visit/tour/")
    expect(page.get_by_role("link", name=member.municipality.display_name)).to_be_visible()

    # 3. two people leave a wish from their phone, without an account
    phone = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    phone.set_default_timeout(10_000)
    phone.set_default_navigation_timeout(45_000)
    mobile = phone.new_page()
    try:
        for text, role, goal in [
            ("Schoon water in de Dommel voor iedereen.", "Inwoner", "Schoon water en sanitair"),
            ("Een groen schoolplein met bomen.", "Leerling", "Kwaliteitsonderwijs"),
        ]:
            mobile.goto(f"/tijdscapsule/bezoek/{visit.pk}/")
            mobile.get_by_role("link", name="Laat uw wens voor 2030 achter").click()
            mobile.get_by_label("Hoe wilt u dat onze wereld eruitziet in 2030?").fill(text)
            mobile.get_by_label(role, exact=True).check()
            mobile.get_by_label(goal).check()
            mobile.get_by_role("button", name="Stop mijn wens in de capsule").click()
            mobile.get_by_role("heading", name="Bedankt voor uw wens").wait_for()
        width = mobile.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
        mobile.screenshot(path="test-artifacts/tijdscapsule-phone-thanks.png", full_page=True)
        mobile.goto(f"/tijdscapsule/bezoek/{visit.pk}/wens/")
        mobile.screenshot(path="test-artifacts/tijdscapsule-phone-wish.png", full_page=True)
    finally:
        phone.close()
    assert Wish.objects.filter(visit=visit, status="accepted").count() == 2

    # 4. the counts go up; the text stays sealed
    page.goto("/tijdscapsule/tellingen/")
    expect(page.get_by_text("Er zitten 2 wensen in de capsule.")).to_be_visible()
    assert "Dommel" not in page.content()
    axe_clean("/tijdscapsule/", "tijdscapsule-home")
    axe_clean("/tijdscapsule/tellingen/", "tijdscapsule-counts")
    axe_clean("/tijdscapsule/debatkit/", "tijdscapsule-kit")
    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/", "tijdscapsule-visit")
    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/wens/", "tijdscapsule-wish")
    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/bedankt/", "tijdscapsule-thanks")
    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/poster/", "tijdscapsule-poster")
    axe_clean(f"/tijdscapsule/wensen/{slug}/", "tijdscapsule-wishes-sealed")


def test_wish_form_errors_are_accessible_and_keep_the_text(page, live_server, axe_clean, settings):
    from apps.tijdscapsule import services

    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 0

    member = UserFactory()
    today = timezone.localdate()
    data = {
        "title": "Markt",
        "event_type": "market",
        "start_date": today,
        "end_date": today,
        "address": "Markt 1",
        "expected_audience": 100,
        "contact_name": "Lotte",
        "contact_email": "lotte@example.org",
    }
    visit = services.visit_confirm(visit=services.visit_request(municipality=member.municipality, user=member, data=data), actor=None, notify=False)
    page.set_viewport_size(PHONE)
    page.goto(f"/tijdscapsule/bezoek/{visit.pk}/wens/")
    page.get_by_label("Hoe wilt u dat onze wereld eruitziet in 2030?").evaluate(
        "(el, text) => { el.removeAttribute('maxlength'); el.value = text; }", "x" * 20000
    )
    page.get_by_role("button", name="Stop mijn wens in de capsule").click()
    expect(page.get_by_role("alert")).to_contain_text("20000 tekens")
    assert len(page.get_by_label("Hoe wilt u dat onze wereld eruitziet in 2030?").input_value()) == 20000
    assert not Wish.objects.exists()


def test_the_opened_capsule_in_the_browser(page, axe_clean, monkeypatch):
    """After the opening (clock moved): the wishes of a municipality, with photo and booklet button."""
    from apps.core.demo import demo_load
    from apps.tijdscapsule import services
    from apps.tijdscapsule.demo import load_demo

    demo_load(password="x")
    load_demo(password="x")
    monkeypatch.setattr(services, "today_local", lambda: dt.date(2030, 1, 2))
    from apps.tijdscapsule.models import Wish

    for wish in Wish.objects.filter(status=Wish.Status.ACCEPTED):  # the team reads each wish before it is public
        services.wish_publish(wish=wish, actor=None)
    page.goto("/tijdscapsule/wensen/utrecht/")
    expect(page.get_by_role("button", name="Maak het boekje om te printen (pdf)")).to_be_visible()
    assert page.locator(".wish").count() >= 4
    axe_clean("/tijdscapsule/wensen/utrecht/", "tijdscapsule-wishes-opened")
