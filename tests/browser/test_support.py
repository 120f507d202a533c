"""Ask the campaign team for support in the browser, answer it in the back office, read the answer."""

import pytest

from apps.support.models import SupportRequest
from tests.factories import UserFactory

AXE_PAGES = ["support_workspace:detail"]  # checked below (apps/core/tests/test_axe_coverage.py)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(__name__)]  # one module per worker: the two workers share the browser tests


def test_ask_for_support_and_read_the_answer(page, login_as, axe_clean, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = login_as(UserFactory(full_name="Lotte Jansen"))
    slug = member.municipality.slug
    page.goto(f"/werkruimte/{slug}/ondersteuning/")
    page.get_by_label("Een spreker of workshop boeken").check()
    page.get_by_label("Onderwerp").fill("Spreker voor de raad")
    page.get_by_label("Uw vraag").fill("Wij zoeken een spreker over klimaatadaptatie.")
    page.get_by_role("button", name="Vraag versturen").click()
    page.get_by_role("heading", level=1, name="Spreker voor de raad").wait_for()
    assert "is naar het campagneteam gestuurd" in page.content()
    support_request = SupportRequest.objects.get()
    assert support_request.requested_by == member

    team = UserFactory(team=True, is_superuser=True, is_staff=True, full_name="Sanne de Vries")
    login_as(team)
    page.goto(f"/backoffice/support/supportrequest/{support_request.pk}/change/")
    page.locator("#id_reply").fill("Wij sturen u drie namen.")
    page.get_by_role("button", name="Versturen").click()  # the send button says what it does
    page.locator(".messagelist").wait_for()

    login_as(member)
    axe_clean(f"/werkruimte/{slug}/ondersteuning/{support_request.pk}/", "support-detail")
    assert "Wij sturen u drie namen." in page.content()
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.WAITING


def test_a_file_over_the_limit_is_refused_in_the_browser_and_the_text_stays(page, login_as):
    member = login_as(UserFactory())
    page.goto(f"/werkruimte/{member.municipality.slug}/ondersteuning/")
    page.get_by_label("Onderwerp").fill("Grote bijlage")
    page.get_by_label("Uw vraag").fill("Deze tekst mag niet verloren gaan.")
    # the server renders the real limit (10 MB, a unit test checks); a small one here keeps the upload through the browser pipe fast
    page.locator("#id_attachment").evaluate("input => input.dataset.maxBytes = '2048'")
    page.locator("#id_attachment").set_input_files({"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * 4096})
    alert = page.get_by_role("alert").filter(has_text="plan.pdf")
    alert.wait_for()
    assert "groter dan 10 MB" in alert.inner_text()
    assert page.locator("#id_attachment").evaluate("input => input.files.length") == 0
    assert page.get_by_label("Uw vraag").input_value() == "Deze tekst mag niet verloren gaan."
    assert not SupportRequest.objects.exists()
