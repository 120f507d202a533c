"""Programmes in the browser: register → confirm (back office) → write and send in a text → the coach
asks for changes → accepts → the team generates the guide (PDF pages rendered and looked at) and
publishes it; axe-core on every programme page, in Dutch and English."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.programmes.models import Deliverable, Guide, Programme, Registration, Session, Submission
from tests.browser.conftest import ARTIFACTS
from tests.factories import AccessGrantFactory, UserFactory

AXE_PAGES = [
    "programmes:list",
    "programmes:detail",
    "programmes:guide",
    "programmes_workspace:index",
    "programmes_workspace:register",
    "programmes_workspace:programme",
    "programmes_workspace:session",
    "programmes_workspace:deliverable",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

PARAGRAPH = "Samen met ervaringsdeskundigen liepen we een vaste route door de wijk en noteerden we elke drempel die we tegenkwamen. "
TEXT = "\n\n".join([PARAGRAPH * 5] * 5)


def render_pdf_pages(data: bytes, name: str, pages: int = 3) -> list:
    """Render the first pages of a PDF to PNG (pypdfium2) into test-artifacts/ and return them."""
    import pypdfium2

    ARTIFACTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(data)
    images = []
    for index in range(min(pages, len(document))):
        image = document[index].render(scale=1.2).to_pil()
        image.save(ARTIFACTS / f"pdf-{name}-{index + 1}.png")
        images.append(image)
    return images


def assert_rendered(image):
    """Not blank: a real page has text, i.e. many pixels that differ from the background."""
    grey = image.convert("L")
    histogram = grey.histogram()
    background = max(range(256), key=histogram.__getitem__)
    ink = sum(count for value, count in enumerate(histogram) if abs(value - background) > 60)
    assert ink > 500, "the page looks empty"


@pytest.fixture
def programme():
    today = timezone.localdate()
    programme = Programme.objects.create(
        published=True,
        slug="inclusie-2027",
        title_nl="Lokale inclusie 2027",
        title_en="Local inclusion 2027",
        summary_nl="Vijf gemeenten werken aan een inclusieve gemeente.",
        summary_en="Five municipalities work on an inclusive municipality.",
        partners="Iedereen Doet Mee!",
        capacity=5,
        registration_opens=today - dt.timedelta(days=3),
        registration_closes=today + dt.timedelta(days=20),
        focus_prompt_nl="Welke inclusiefocus kiest u?",
        focus_prompt_en="Which inclusion focus do you choose?",
    )
    Session.objects.create(
        programme=programme,
        title_nl="Aftrap",
        title_en="Kick-off",
        date=today + dt.timedelta(days=30),
        start_time=dt.time(13, 30),
        end_time=dt.time(15, 30),
        meeting_url="https://teams.microsoft.com/l/meetup-join/inclusie",
        agenda_nl="- Welkom\n- Focus kiezen",
    )
    Deliverable.objects.create(
        programme=programme,
        title_nl="Best-practicetekst",
        title_en="Best-practice text",
        words_min=100,
        words_max=600,
        deadline=today + dt.timedelta(days=60),
    )
    return programme


def test_register_confirm_write_review_accept_and_generate_the_guide(page, programme, login_as, axe_clean, live_server, settings):
    settings.SITE_URL = live_server.url
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    axe_clean("/programmas/", "programmes-list")
    axe_clean(f"/programmas/{programme.slug}/", "programmes-detail-open")
    page.goto(f"/programmas/{programme.slug}/")
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    axe_clean(f"/werkruimte/{slug}/programmas/{programme.slug}/aanmelden/", "programmes-register")
    page.goto(f"/werkruimte/{slug}/programmas/{programme.slug}/aanmelden/")
    page.get_by_label("Welke inclusiefocus kiest u?").fill("Mensen met een beperking")
    page.get_by_label("Waarom doet u mee?").fill("We willen leren van andere gemeenten.")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_text("Uw aanmelding is ontvangen.").wait_for()
    registration = Registration.objects.get(programme=programme, municipality=member.municipality)
    assert registration.status == Registration.Status.PENDING and registration.focus == "Mensen met een beperking"
    # a second registration is refused clearly
    page.goto(f"/werkruimte/{slug}/programmas/{programme.slug}/aanmelden/")
    expect(page.get_by_text("U bent al aangemeld")).to_be_visible()

    team = login_as(UserFactory(team=True, is_superuser=True, is_staff=True))
    page.goto("/backoffice/programmes/registration/")
    page.locator(f"input[name=_selected_action][value='{registration.pk}']").check()
    page.locator("select[name=action]").select_option("confirm")
    page.locator("button[name=index]").first.click()
    page.get_by_text("1 aanmelding(en) bevestigd.").wait_for()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    login_as(member)
    axe_clean(f"/werkruimte/{slug}/programmas/", "programmes-index")
    axe_clean(f"/werkruimte/{slug}/programmas/{programme.slug}/", "programmes-programme")
    session = programme.sessions.get()
    axe_clean(f"/werkruimte/{slug}/programmas/{programme.slug}/bijeenkomsten/{session.pk}/", "programmes-session")
    page.goto(f"/werkruimte/{slug}/programmas/{programme.slug}/bijeenkomsten/{session.pk}/")
    page.get_by_label("Uw vraag, voorbeeld of aantekening").fill("Wie heeft een goede aanpak voor ervaringsdeskundigen?")
    page.get_by_role("button", name="Plaatsen").click()
    page.get_by_text("Uw bijdrage is geplaatst.").wait_for()

    deliverable = programme.deliverables.get()
    url = f"/werkruimte/{slug}/programmas/{programme.slug}/opdrachten/{deliverable.pk}/"
    page.goto(url)
    page.get_by_label("Titel van uw tekst").fill("Een toegankelijke wijk")
    page.get_by_label("Tekst (niet verplicht)", exact=True).fill(TEXT)
    expect(page.locator("[data-word-count-output]")).to_contain_text(f"{len(TEXT.split())} woorden")
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_text("Uw concept is opgeslagen.").wait_for()
    page.get_by_role("button", name="Opslaan en insturen").click()
    page.get_by_text("Versie 1 is ingestuurd.").wait_for()
    submission = Submission.objects.get(registration=registration)
    assert submission.status == Submission.Status.SUBMITTED and submission.version == 1

    coach = login_as(AccessGrantFactory(municipality=member.municipality, user__full_name="Peter Bakker").user)
    page.goto(url)
    page.get_by_label("Reactie op").select_option("2")
    page.locator("#id_body").fill("Noem hier wie er meeliepen.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    page.get_by_text("Uw reactie is toegevoegd.").wait_for()
    expect(page.locator("#alinea-2")).to_contain_text("Noem hier wie er meeliepen.")
    page.get_by_label("Om aanpassingen vragen").check()
    page.get_by_label("Bericht aan de gemeente").fill("Voeg een tip voor andere gemeenten toe.")
    page.get_by_role("button", name="Besluit versturen").click()
    page.get_by_text("Uw verzoek om aanpassingen is verstuurd.").wait_for()

    login_as(member)
    page.goto(url)
    expect(page.get_by_text("Voeg een tip voor andere gemeenten toe.").first).to_be_visible()
    page.get_by_label("Tekst (niet verplicht)", exact=True).fill(TEXT + "\n\nOnze tip: begin met één wijk.")
    page.get_by_role("button", name="Opslaan en insturen").click()
    page.get_by_text("Versie 2 is ingestuurd.").wait_for()
    axe_clean(url, "programmes-deliverable-submitted")

    login_as(coach)
    page.goto(url)
    page.get_by_label("Deze versie als definitief accepteren").check()
    page.get_by_role("button", name="Besluit versturen").click()
    page.get_by_text("De tekst is geaccepteerd.").wait_for()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED and submission.version == 2

    login_as(member)
    axe_clean(url, "programmes-deliverable-accepted")
    page.goto(url)
    expect(page.get_by_text("is definitief")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan en insturen")).to_have_count(0)

    login_as(team)
    page.goto("/backoffice/programmes/guide/add/")
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_title_nl").fill("Handreiking lokale inclusie")
    page.locator("#id_title_en").fill("Guide to local inclusion")
    page.locator("#id_intro_nl").fill("Vijf gemeenten laten zien hoe het kan.")
    page.locator("#id_intro_en").fill("Five municipalities show how it can be done.")
    page.locator("input[name=_generate]").click(timeout=120_000)  # tests build the PDF inside the request (tasks run at once)
    page.get_by_text("De handreiking wordt gegenereerd").wait_for()
    guide = Guide.objects.get(programme=programme)
    assert guide.status == Guide.Status.READY and guide.chapters.count() == 1 and guide.pages_nl >= 4
    images = render_pdf_pages(guide.pdf_nl.read(), "guide-flow-nl", pages=4)
    for image in images:
        assert_rendered(image)
    page.locator("#id_published").check()
    page.locator("input[name=_save]").click()
    guide.refresh_from_db()
    assert guide.published
    axe_clean(f"/programmas/{programme.slug}/handreiking/", "programmes-guide-flow")
    page.goto(f"/programmas/{programme.slug}/handreiking/")
    expect(page.get_by_role("heading", name="1. Een toegankelijke wijk")).to_be_visible()


def test_the_finished_pilot_with_its_guide(page, login_as, axe_clean):
    from apps.accounts.models import User
    from apps.core.demo import DEMO_COORDINATOR, demo_load
    from apps.programmes.demo import OPEN, PILOT, load_demo

    demo_load(password="x", members=20)
    load_demo(password="x")
    pilot = Programme.objects.get(slug=PILOT)
    guide = pilot.guide
    for language, file in (("nl", guide.pdf_nl), ("en", guide.pdf_en)):
        for image in render_pdf_pages(file.read(), f"pilot-{language}", pages=4):
            assert_rendered(image)
    axe_clean("/programmas/", "programmes-list-demo")
    axe_clean(f"/programmas/{PILOT}/", "programmes-detail-pilot")
    axe_clean(f"/programmas/{PILOT}/handreiking/", "programmes-guide")
    page.goto(f"/programmas/{PILOT}/")
    expect(page.get_by_text("Afgerond")).to_be_visible()
    coordinator = login_as(User.objects.get(email=DEMO_COORDINATOR))
    slug = coordinator.municipality.slug
    axe_clean(f"/werkruimte/{slug}/programmas/", "programmes-index-demo")
    axe_clean(f"/werkruimte/{slug}/programmas/{PILOT}/", "programmes-programme-pilot")
    first = pilot.sessions.first()
    axe_clean(f"/werkruimte/{slug}/programmas/{PILOT}/bijeenkomsten/{first.pk}/", "programmes-session-pilot")
    axe_clean(f"/werkruimte/{slug}/programmas/{PILOT}/opdrachten/{pilot.deliverables.get().pk}/", "programmes-deliverable-pilot")
    axe_clean(f"/werkruimte/{slug}/programmas/{OPEN}/aanmelden/", "programmes-register-open")
    page.goto(f"/werkruimte/{slug}/programmas/{PILOT}/")
    expect(page.get_by_text("Mensen met een beperking: een toegankelijke stad")).to_be_visible()
