"""Issue 24, deliverables: the word-count guideline warns before sending (never losing the text), a
comment on a paragraph counts in the comments shown, older versions open and compare word by word."""

import pytest
from django.urls import reverse

from apps.programmes import selectors, services
from apps.programmes.models import Submission
from tests.factories import UserFactory

from .test_programmes import TEXT, confirmed, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def text(client):
    programme = make_programme()  # guideline: 400 to 600 words
    registration, user = confirmed(programme)
    deliverable = programme.deliverables.get()
    kwargs = {"slug": user.municipality.slug, "programme": programme.slug, "pk": deliverable.pk}
    client.force_login(user)
    return programme, registration, user, kwargs


def test_sending_outside_the_guideline_asks_first_and_keeps_the_text(client, text):
    _programme, registration, _user, kwargs = text
    url = reverse("programmes_workspace:deliverable", kwargs=kwargs)
    short = "Een korte tekst over onze aanpak met inwoners. " * 6  # 48 words
    response = client.post(url, {"title": "Onze aanpak", "text": short, "submit": "1"})
    assert response.status_code == 302 and response["Location"] == f"{url}?lengte=1#length-warning"
    submission = Submission.objects.get(registration=registration)
    assert submission.status == Submission.Status.DRAFT and submission.version == 0 and submission.text.strip() == short.strip()  # saved, not sent
    page = client.get(response["Location"]).content.decode()
    assert "Uw tekst heeft 48 woorden; de richtlijn is 400 tot 600 woorden." in page
    assert 'name="submit_anyway"' in page and "Toch insturen" in page and "Een korte tekst over onze aanpak" in page
    assert "data-length-warning hidden" not in page  # the warning is shown
    assert "data-length-warning hidden" in client.get(url).content.decode()  # and not without the step
    response = client.post(url, {"title": "Onze aanpak", "text": short, "submit_anyway": "1"}, follow=True)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED and submission.version == 1
    # within the guideline nothing is asked
    assert selectors.length_advice(submission.deliverable, 480) is None
    assert "hoogstens 600" in selectors.length_advice(submission.deliverable, 601)


def test_a_paragraph_comment_counts_and_shows_in_the_conversation(client, text):
    programme, registration, user, kwargs = text
    coach = UserFactory(coach=True, full_name="Carla Coach")
    programme.coaches.add(coach)
    url = reverse("programmes_workspace:deliverable", kwargs=kwargs)
    client.post(url, {"title": "Onze aanpak", "text": TEXT, "submit": "1"})
    client.force_login(coach)
    client.post(reverse("programmes_workspace:comment", kwargs=kwargs), {"body": "Mooie tweede alinea.", "paragraph": "2"})
    body = client.get(url).content.decode()
    assert "1 reactie, waarvan 1 bij een alinea." in body
    conversation = body.split('id="thread"')[1]
    assert "Mooie tweede alinea." in conversation and 'href="#alinea-2"' in conversation and "Nog geen reacties" not in conversation
    client.force_login(user)
    programme_page = client.get(
        reverse("programmes_workspace:programme", kwargs={"slug": kwargs["slug"], "programme": programme.slug})
    ).content.decode()
    assert "<strong>Reacties:</strong> 1" in programme_page


def test_older_versions_open_and_compare_word_by_word(client, text):
    programme, registration, user, kwargs = text
    url = reverse("programmes_workspace:deliverable", kwargs=kwargs)
    client.post(url, {"title": "Onze aanpak", "text": TEXT, "submit": "1"})
    submission = Submission.objects.get(registration=registration)
    services.submission_review(
        submission=submission, user=UserFactory(team=True, is_superuser=True), decision="changes_requested", message="Scherper.", version=1
    )
    changed = TEXT.replace("inclusieve gemeente", "toegankelijke gemeente", 1) + "\n\nEen nieuwe slotalinea."
    client.post(url, {"title": "Onze nieuwe aanpak", "text": changed, "submit": "1"})
    assert submission.versions.count() == 2
    deliverable_page = client.get(url).content.decode()
    version_url = reverse("programmes_workspace:version", kwargs={**kwargs, "number": 2})
    assert f'href="{version_url}#changes"' in deliverable_page

    page = client.get(version_url).content.decode()
    assert "Wat is er veranderd van versie 1 naar versie 2" in page
    assert '<del><span class="visually-hidden">verwijderd: </span>inclusieve</del>' in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>toegankelijke</ins>' in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>Een nieuwe slotalinea.</ins>' in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>Onze nieuwe aanpak</ins>' in page  # the title
    first = client.get(reverse("programmes_workspace:version", kwargs={**kwargs, "number": 1})).content.decode()
    assert "Versie 1: Onze aanpak" in first and "slotalinea" not in first.split('id="text"')[1]
    assert client.get(reverse("programmes_workspace:version", kwargs={**kwargs, "number": 9})).status_code == 404

    # another municipality's people cannot open it
    client.force_login(UserFactory())
    assert client.get(version_url).status_code in (403, 404)


def test_the_diff_keeps_the_paragraphs_of_the_newer_version():
    assert selectors.text_diff("Een twee drie.\n\nVier vijf.", "Een twee vier drie.\n\nVier zes.") == [
        [("same", "Een twee"), ("added", "vier"), ("same", "drie.")],
        [("same", "Vier"), ("removed", "vijf."), ("added", "zes.")],
    ]
    assert selectors.text_diff("A b.\n\nC d.", "A b. C d.") == [[("same", "A b."), ("removed", "¶"), ("same", "C d.")]]
