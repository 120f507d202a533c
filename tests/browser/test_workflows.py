"""Three journeys of issue 24 played as their roles: a juror scores an entry on the jury page and the
team publishes; a coordinator writes a practice example with a photo, the team publishes it, the
public reads it; a member closes a support question. axe-core on every new page.

Set WORKFLOW_SCREENSHOTS=1 to also save the key pages at 1280 and 390 px in test-artifacts/."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from apps.menukaart.models import AwardCategory, AwardRound, Category, Criterion, Entry, ExampleVersion, PracticeExample
from apps.support import services as support
from apps.support.models import SupportRequest
from tests.factories import UserFactory

from .conftest import shoot

# axe in Dutch only here (the English templates are the same; CI time is scarce)
AXE_PAGES = ["menukaart:jury", "menukaart:jury_entry", "menukaart:jury_round", "menukaart:example"]

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests

TEXT = "Wij verbonden de doelen met de begroting en werkten samen met scholen en ondernemers. "



def png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "seagreen").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_juror_scores_an_entry_and_the_team_publishes(page, login_as, axe_clean):
    juror = UserFactory(coach=True, full_name="Jan Jurylid")
    award_round = AwardRound.objects.create(year=2026, entries_open=False)
    award_round.jury.set([juror])
    for nl, en, weight in [("Verbinding met de doelen", "Connection with the goals", 2), ("Samenwerking", "Cooperation", 1), ("Navolgbaarheid", "Transferability", 1)]:
        Criterion.objects.create(award_round=award_round, name_nl=nl, name_en=en, weight=weight)
    owner = UserFactory()
    example = PracticeExample.objects.create(municipality=owner.municipality, title="Klimaatweek", status="published", version=1)
    ExampleVersion.objects.create(example=example, number=1, title="Klimaatweek", answers={"q_policy": TEXT}, word_count=13)
    category = AwardCategory.objects.create(slug="verbinder", name_nl="Verbinder", name_en="Connector", description_nl="d", description_en="d")
    entry = Entry.objects.create(award_round=award_round, category=category, example=example)

    login_as(juror)
    page.goto("/account/")
    page.get_by_role("link", name="Beoordeel de inzendingen").click()
    page.get_by_role("link", name="Klimaatweek").click()
    expect(page.get_by_text(TEXT.strip())).to_be_visible()
    page.get_by_label("Verbinding met de doelen (gewicht 2)").fill("8")
    page.get_by_label("Samenwerking (gewicht 1)").fill("9")
    page.get_by_label("Navolgbaarheid (gewicht 1)").fill("7")
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_text("Uw scores voor Klimaatweek zijn opgeslagen.").wait_for()
    expect(page.get_by_text("1 van 1 juryleden hebben elk criterium beoordeeld.")).to_be_visible()
    shoot(page, prefix="workflows", name="jury-entry")
    axe_clean(f"/menukaart/jury/inzendingen/{entry.pk}/", "jury-entry", languages=("nl",))
    axe_clean("/menukaart/jury/", "jury-home", languages=("nl",))

    login_as(UserFactory(team=True, is_staff=True, is_superuser=True))
    page.goto("/menukaart/jury/ronde/2026/")
    page.get_by_role("button", name="Uitslag publiceren").click()
    page.get_by_text("De uitslag is gepubliceerd.").wait_for()
    shoot(page, prefix="workflows", name="jury-round")
    axe_clean("/menukaart/jury/ronde/2026/", "jury-round", languages=("nl",))
    page.goto("/menukaart/prijs/2026/")
    expect(page.get_by_role("row", name="Klimaatweek")).to_contain_text("32,00")


def test_a_coordinator_writes_an_example_with_a_photo_the_team_publishes_and_the_public_reads_it(page, login_as, axe_clean, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Category.objects.create(slug="bewustwording", name_nl="Bewustwording", name_en="Awareness")
    coordinator = login_as(UserFactory(coordinator=True, full_name="Lotte Jansen"))
    slug = coordinator.municipality.slug
    page.goto(f"/werkruimte/{slug}/menukaart/voorbeelden/nieuw/")
    page.get_by_label("Titel").fill("Onze Global Goals-week")
    page.locator("#id_q_policy").fill(TEXT * 5)
    page.locator("#id_q_local").fill("Scholen en de bibliotheek.")
    page.locator("#id_attachment").set_input_files({"name": "markt.png", "mimeType": "image/png", "buffer": png()})
    page.get_by_label("Wat staat er op de foto?").fill("Kraam op de weekmarkt")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("De bijlage is toegevoegd en uw concept is opgeslagen.").wait_for()
    expect(page.locator("#id_q_local")).to_have_value("Scholen en de bibliotheek.")  # nothing typed is lost
    page.get_by_role("button", name="Opslaan en insturen").click()
    page.get_by_text("Versie 1 is naar het campagneteam gestuurd.").wait_for()
    example = PracticeExample.objects.get(title="Onze Global Goals-week")

    login_as(UserFactory(team=True, is_superuser=True, is_staff=True))
    page.goto(f"/backoffice/menukaart/practiceexample/{example.pk}/change/")
    expect(page.get_by_alt_text("Kraam op de weekmarkt")).to_be_visible()  # the photo, as sent in
    page.locator("#id_decision").select_option("published")
    page.locator("#id_new_format_category").select_option(label="Bewustwording")
    page.locator("input[name=_save]").click()
    example.refresh_from_db()
    assert example.status == "published"

    page.goto(example.action_format.get_absolute_url())
    page.get_by_role("link", name="Onze Global Goals-week").click()
    page.get_by_role("heading", level=1, name="Onze Global Goals-week").wait_for()
    expect(page.get_by_role("heading", name="Hoe heeft u de doelen verbonden met beleid of begroting?")).to_be_visible()
    expect(page.get_by_alt_text("Kraam op de weekmarkt")).to_be_visible()
    shoot(page, prefix="workflows", name="example-public")
    axe_clean(f"/menukaart/voorbeelden/{example.pk}/", "example-public", languages=("nl",))


def test_a_member_closes_a_support_question(page, login_as, axe_clean):
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    support_request, _created = support.request_create(municipality=member.municipality, user=member, category="other", subject="Logo", body="Waar vind ik het logo?")
    support.message_add(support_request=support_request, author=UserFactory(team=True), body="Op de pagina Logo.", from_team=True)
    url = f"/werkruimte/{member.municipality.slug}/ondersteuning/{support_request.pk}/"
    page.goto(url)
    page.get_by_role("button", name="Vraag sluiten").click()
    page.get_by_text("Uw vraag is gesloten.").wait_for()
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.DONE
    expect(page.get_by_role("button", name="Vraag heropenen")).to_be_visible()
    # the idle-timeout warning is in the page but hidden until the session is about to expire
    expect(page.locator("#session-timeout")).to_be_attached()
    expect(page.locator("#session-timeout")).to_be_hidden()
    shoot(page, prefix="workflows", name="support-closed")
    axe_clean(url, "support-closed", languages=("nl",))
