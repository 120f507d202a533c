"""Three journeys of issue 24 played as their roles: a programme coach reads a participant's text,
comments on a paragraph and cannot open another programme's texts; a resident on a phone leaves a
wish for the Tijdscapsule and sees the visit dates (the poster fills one A4 page); a coordinator
requests a visit (lead time respected) and gets an acknowledgement by e-mail. axe-core (Dutch) on
every page visited.

Set WORKFLOW_SCREENSHOTS=1 to also save each journey's key page at 1280 and 390 px in
test-artifacts/journey-<name>-<width>.png."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.programmes import services as programmes
from apps.programmes.models import Deliverable, Programme
from apps.tijdscapsule import services as capsule
from apps.tijdscapsule.models import Visit, Wish
from tests.factories import UserFactory

from .conftest import ARTIFACTS, shoot

# axe in Dutch only here (the English templates are the same; CI time is scarce)
AXE_PAGES = [
    "accounts:home",
    "programmes_workspace:deliverable",
    "programmes_workspace:version",
    "tijdscapsule:wish",
    "tijdscapsule:poster",
    "tijdscapsule_workspace:request",
    "tijdscapsule_workspace:visit",
]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

PHONE = {"width": 390, "height": 844}
PARAGRAPH = "Samen met inwoners liepen we door de wijk en schreven we elke drempel op die we tegenkwamen. "
TEXT = "\n\n".join([PARAGRAPH * 8] * 3)  # three paragraphs, 408 words: within the guideline



def programme_with_text(slug, title, user):
    """A programme the user's municipality takes part in, with a text sent in as version 1."""
    today = timezone.localdate()
    programme = Programme.objects.create(slug=slug, title_nl=title, summary_nl="Samen leren.", capacity=5, published=True)
    deliverable = Deliverable.objects.create(
        programme=programme, title_nl=f"Praktijktekst {title}", words_min=100, words_max=600, deadline=today + dt.timedelta(days=30)
    )
    registration = programmes.registration_confirm(
        registration=programmes.registration_create(programme=programme, municipality=user.municipality, user=user)
    )
    submission = programmes.submission_for(deliverable=deliverable, registration=registration)
    programmes.submission_save(submission=submission, user=user, data={"title": f"Onze aanpak in {title}", "text": TEXT})
    programmes.submission_submit(submission=submission, user=user)
    return programme, deliverable


def test_a_programme_coach_reads_comments_on_a_paragraph_and_sees_no_other_programme(page, login_as, axe_clean):
    participant = UserFactory(full_name="Lotte Jansen")
    ours, deliverable = programme_with_text("inclusie", "Inclusie", participant)
    other, other_deliverable = programme_with_text("klimaat", "Klimaat", participant)
    coach = UserFactory(coach=True, full_name="Carla Coach")
    ours.coaches.add(coach)
    slug = participant.municipality.slug

    login_as(coach)
    page.goto("/account/")
    page.get_by_role("link", name=f"Inclusie: {participant.municipality.display_name}").click()
    page.get_by_role("link", name="Praktijktekst Inclusie").click()
    page.get_by_role("heading", level=1, name="Praktijktekst Inclusie").wait_for()
    expect(page.locator("#alinea-2")).to_contain_text("Samen met inwoners liepen we door de wijk")
    page.get_by_label("Reactie op").select_option(label="Alinea 2")
    page.get_by_role("textbox", name="Reactie").fill("Noem hier ook de bibliotheek.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    page.get_by_text("Uw reactie is toegevoegd.").wait_for()
    expect(page.locator("#alinea-2")).to_contain_text("Noem hier ook de bibliotheek.")
    expect(page.locator("#comment-count")).to_have_text("1 reactie, waarvan 1 bij een alinea.")
    expect(page.locator("#thread ~ ol.thread")).to_contain_text("bij alinea 2")
    deliverable_url = f"/werkruimte/{slug}/programmas/inclusie/opdrachten/{deliverable.pk}/"
    shoot(page, "coach-deliverable")

    # the other programme the municipality takes part in is not the coach's
    response = page.goto(f"/werkruimte/{slug}/programmas/klimaat/opdrachten/{other_deliverable.pk}/")
    assert response.status in (403, 404)
    assert "Onze aanpak in Klimaat" not in page.content()
    response = page.goto(f"/werkruimte/{slug}/programmas/{other.slug}/")
    assert response.status in (403, 404)

    axe_clean("/account/", "journey-coach-account", languages=("nl",))
    axe_clean(deliverable_url, "journey-coach-deliverable", languages=("nl",))


def test_a_resident_on_a_phone_leaves_a_wish_and_sees_the_visit_dates(page, axe_clean, settings):
    settings.TIJDSCAPSULE_MIN_LEAD_DAYS = 0  # the visit is today: booked by the team at short notice
    member = UserFactory()
    today = timezone.localdate()
    data = {
        "title": "Wensenmarkt",
        "event_type": "market",
        "start_date": today,
        "end_date": today + dt.timedelta(days=2),
        "address": "Markt 1, Ergens",
        "expected_audience": 200,
        "contact_name": "Lotte",
        "contact_email": "lotte@example.org",
    }
    visit = capsule.visit_confirm(visit=capsule.visit_request(municipality=member.municipality, user=member, data=data), actor=None, notify=False)
    first, last = visit.start_date, visit.end_date

    page.set_viewport_size(PHONE)
    page.goto(f"/tijdscapsule/bezoek/{visit.pk}/")
    page.get_by_role("link", name="Laat uw wens voor 2030 achter").click()
    page.get_by_role("heading", level=1, name="Laat uw wens voor 2030 achter").wait_for()
    dates = page.locator(".facts")
    expect(dates).to_contain_text(f"{first.day} ")  # the visit's own days, not only "from its first day"
    expect(dates).to_contain_text(f"{last.day} ")
    window_end = last + dt.timedelta(days=capsule.WISH_DAYS_AFTER)
    expect(dates).to_contain_text(f"tot en met {window_end.day} ")
    shoot(page, "resident-wish")
    page.get_by_label("Hoe wilt u dat onze wereld eruitziet in 2030?").fill("Een plein vol bomen waar iedereen elkaar ontmoet.")
    page.get_by_role("button", name="Stop mijn wens in de capsule").click()
    page.get_by_role("heading", name="Bedankt voor uw wens").wait_for()
    assert Wish.objects.filter(visit=visit, status="accepted").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"

    # the poster of the visit: the whole date range, the campaign's brand, one A4 page in print
    page.goto(f"/tijdscapsule/bezoek/{visit.pk}/poster/")
    expect(page.locator(".poster__facts")).to_contain_text(" tot en met ")
    expect(page.locator(".poster__wordmark")).to_have_text("Global Goals Gemeenten")
    shoot(page, "resident-poster")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    import pypdfium2

    assert len(pypdfium2.PdfDocument(pdf)) == 1, "the poster must print on one A4 page"
    if os.environ.get("WORKFLOW_SCREENSHOTS"):
        pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().save(ARTIFACTS / "journey-resident-poster-a4.png")

    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/wens/", "journey-resident-wish", languages=("nl",))
    axe_clean(f"/tijdscapsule/bezoek/{visit.pk}/poster/", "journey-resident-poster", languages=("nl",))


def test_a_coordinator_requests_a_visit_with_the_lead_time_and_gets_an_acknowledgement(page, login_as, axe_clean, settings):
    coordinator = login_as(UserFactory(coordinator=True, full_name="Lotte Jansen", email="lotte@example.org"))
    slug = coordinator.municipality.slug
    today = timezone.localdate()
    earliest = today + dt.timedelta(days=settings.TIJDSCAPSULE_MIN_LEAD_DAYS)
    mail.outbox.clear()

    page.goto(f"/werkruimte/{slug}/tijdscapsule/")
    page.get_by_role("link", name="Bezoek aanvragen").click()
    page.get_by_label("Naam van het evenement").fill("Raadsdebat over 2030")
    page.get_by_label("Raadsdebat").check()
    page.get_by_label("Eerste dag").fill((today + dt.timedelta(days=5)).isoformat())  # too soon
    page.get_by_label("Laatste dag").fill((today + dt.timedelta(days=5)).isoformat())
    page.locator("#id_address").fill("Stadhuisplein 1, Ergens")
    page.get_by_label("Verwacht aantal bezoekers").fill("60")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.locator("#id_start_date_error")).to_contain_text(f"Vraag minstens {settings.TIJDSCAPSULE_MIN_LEAD_DAYS} dagen vooruit")
    expect(page.get_by_label("Naam van het evenement")).to_have_value("Raadsdebat over 2030")  # nothing typed is lost
    assert not Visit.objects.exists()
    expect(page.get_by_label("Eerste dag")).to_have_attribute("aria-invalid", "true")  # the error sits at the first day
    shoot(page, "coordinator-request-error")

    page.get_by_label("Eerste dag").fill(earliest.isoformat())
    page.get_by_label("Laatste dag").fill(earliest.isoformat())
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_text("We hebben u een ontvangstbevestiging gemaild").wait_for()
    visit = Visit.objects.get(municipality=coordinator.municipality)
    assert visit.start_date == earliest and visit.status == Visit.Status.REQUESTED
    acknowledgement = [m for m in mail.outbox if m.to == ["lotte@example.org"]]
    assert len(acknowledgement) == 1 and "ontvangen" in acknowledgement[0].subject
    assert "nog geen boeking" in acknowledgement[0].body
    shoot(page, "coordinator-request-sent")

    axe_clean(f"/werkruimte/{slug}/tijdscapsule/aanvragen/", "journey-coordinator-request", languages=("nl",))
    axe_clean(f"/werkruimte/{slug}/tijdscapsule/bezoeken/{visit.pk}/", "journey-coordinator-visit", languages=("nl",))


def test_a_participant_is_warned_about_the_length_before_sending_and_compares_versions(page, login_as, axe_clean):
    participant = login_as(UserFactory(full_name="Lotte Jansen"))
    programme, deliverable = programme_with_text("inclusie", "Inclusie", participant)
    submission = deliverable.submissions.get()
    programmes.submission_review(
        submission=submission, user=UserFactory(team=True, is_superuser=True), decision="changes_requested", message="Korter graag.", version=1
    )
    url = f"/werkruimte/{participant.municipality.slug}/programmas/{programme.slug}/opdrachten/{deliverable.pk}/"

    page.goto(url)
    short = "Samen met inwoners maakten we de wijk toegankelijk voor iedereen."
    page.get_by_role("textbox", name="Tekst (niet verplicht)", exact=True).fill(short)
    page.get_by_role("button", name="Opslaan en insturen").click()
    warning = page.get_by_role("alert").filter(has_text="Uw tekst heeft 10 woorden; de richtlijn is 100–600 woorden.")
    expect(warning).to_be_visible()  # warned in the browser, before anything is sent
    expect(warning.get_by_role("button", name="Toch insturen")).to_be_focused()
    submission.refresh_from_db()
    assert submission.version == 1
    shoot(page, "participant-length-warning")
    warning.get_by_role("button", name="Toch insturen").click()
    page.get_by_text("Versie 2 is ingestuurd").wait_for()
    assert submission.versions.count() == 2

    page.get_by_role("link", name="wat er veranderd is sinds versie 1").click()
    page.get_by_role("heading", name="Wat is er veranderd van versie 1 naar versie 2").wait_for()
    expect(page.locator(".text-diff p ins", has_text="toegankelijk")).to_be_visible()
    expect(page.locator(".text-diff p del").first).to_be_visible()
    shoot(page, "participant-version-diff")
    axe_clean(url, "journey-participant-deliverable", languages=("nl",))
    axe_clean(f"{url}versies/2/", "journey-participant-version", languages=("nl",))
