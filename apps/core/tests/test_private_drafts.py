"""Finding 6 of issue 17: nothing private or in draft shows on a public page or in the open API.

With one private item of each kind in the database (an unpublished scanned policy document with a
finished scan, an unpublished programme with its deliverable, a participant's draft text, a non-public
resource and an unpublished guide of a published programme, an unpublished knowledge article, a draft
update, practice examples in every state before publication, an unpublished action format), every public page without arguments, every public page of the municipality (its slug), the
programme's own pages and every collection of the API are fetched; none may show a private title."""

import datetime as dt
import re

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone

from apps.core.tests.test_access import view_of, walk
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
MARK = "VERTROUWELIJK-CONCEPT"


@pytest.fixture
def private_items():
    from apps.knowledge.models import Article
    from apps.menukaart.models import PracticeExample
    from apps.policyscan.models import Document, Scan
    from apps.programmes.models import Programme

    municipality = MembershipFactory().municipality
    document = Document.objects.create(municipality=municipality, title=f"{MARK} collegevoorstel", year=2026, format="text", pasted_text="x")
    Scan.objects.create(
        document=document, status=Scan.Status.DONE, finished_at=timezone.now(), profile={"goals": {"13": {"passages": 3, "score": 0.9}}}
    )
    programme = Programme.objects.create(slug="geheim", title_nl=f"{MARK} programma", title_en=f"{MARK} programme", summary_nl="x", capacity=5)
    Article.objects.create(slug="geheim", title_nl=f"{MARK} artikel", summary_nl="x", published=False)
    PracticeExample.objects.create(municipality=municipality, title=f"{MARK} praktijkvoorbeeld")
    extra_private_items(municipality, programme)
    return {"municipality": municipality, "document": document, "programme": programme}


def extra_private_items(municipality, hidden_programme):
    """Every other kind with a draft or private state (brief of issue 17, finding 6): programme deliverables
    (of the unpublished programme, and a participant's draft text in a published one), a non-public
    resource, an unpublished (but generated) guide, a draft update, practice examples in every state
    before publication, another unpublished scanned document, an unpublished action format."""
    from apps.menukaart.models import ActionFormat, Category, PracticeExample
    from apps.policyscan.models import Document
    from apps.programmes.models import Deliverable, Guide, Programme, Registration, Resource, Submission
    from apps.updates.models import Audience, Update

    today = dt.date.today()
    Deliverable.objects.create(programme=hidden_programme, title_nl=f"{MARK} opdracht", title_en=f"{MARK} deliverable", deadline=today)
    public = Programme.objects.create(slug="open", title_nl="Open programma", summary_nl="x", published=True)
    deliverable = Deliverable.objects.create(programme=public, title_nl="Openbare opdracht", deadline=today)
    registration = Registration.objects.create(
        programme=public, municipality=municipality, contact_email="a@example.org", status=Registration.Status.CONFIRMED
    )
    Submission.objects.create(deliverable=deliverable, registration=registration, title=f"{MARK} conceptstuk", text=f"{MARK} tekst")
    Resource.objects.create(programme=public, title=f"{MARK} bron", url="https://example.org/intern", public=False)
    Guide.objects.create(programme=public, title_nl=f"{MARK} handreiking", intro_nl=f"{MARK} inleiding", status=Guide.Status.READY, published=False)
    Update.objects.create(subject=f"{MARK} nieuwsbericht", body=f"{MARK} concept", audience=Audience.MEMBERS)
    for status in ("submitted", "in_review", "changes_requested", "declined"):
        PracticeExample.objects.create(municipality=municipality, title=f"{MARK} voorbeeld {status}", status=status)
    Document.objects.create(municipality=municipality, title=f"{MARK} begrotingsnotitie", year=2025, format="text", pasted_text="x")
    category = Category.objects.get_or_create(slug="c", defaults={"name_nl": "C", "name_en": "C"})[0]
    ActionFormat.objects.create(category=category, slug="geheim-format", title_nl=f"{MARK} actieformat", title_en=f"{MARK} format", published=False)


def public_urls(slug):
    urls = set()
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if getattr(view_of(pattern), "access", None) != "public" or not pattern.name:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if set(names) - {"slug"}:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        try:
            urls.add(reverse(name, kwargs={"slug": slug} if names else {}))
        except NoReverseMatch:  # a route whose slug is not a municipality's
            continue
    return sorted(urls)


def test_no_private_title_on_any_public_page_or_api_list(client, private_items):
    municipality = private_items["municipality"]
    assert municipality.slug
    urls = public_urls(municipality.slug)
    urls += [f"/api/v1/{name}" for name in ("municipalities", "activities", "practice-examples", "programmes", "action-formats")]
    urls += [reverse("programmes:detail", kwargs={"slug": "geheim"}), reverse("knowledge:article", kwargs={"slug": "geheim"})]
    for slug in ("geheim", "open"):  # each programme's public pages: detail, calendar, guide (web page and PDFs)
        urls += [reverse(f"programmes:{name}", kwargs={"slug": slug}) for name in ("detail", "ical", "guide")]
        urls += [reverse("programmes:guide_pdf", kwargs={"slug": slug, "language": language}) for language in ("nl", "en")]
    urls += [reverse("menukaart:format", kwargs={"slug": "geheim-format"})]
    urls += [f"/api/v1/{name}" for name in ("programmes/geheim", "programmes/open")]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.get("Content-Type", "").startswith(("application/pdf", "image/", "application/zip")):
            assert "/handreiking-" not in url, url  # no PDF of an unpublished guide
            continue
        body = response.content.decode(errors="replace")
        assert MARK not in body, url
        checked += response.status_code == 200
    assert checked >= 20
    page = client.get(reverse("programmes:detail", kwargs={"slug": "open"}))
    assert page.status_code == 200 and "Openbare opdracht" in page.content.decode()  # the control: deliverables are shown, drafts are not
    for name in ("guide", "ical"):
        assert client.get(reverse(f"programmes:{name}", kwargs={"slug": "geheim"})).status_code == 404


def test_a_member_publishes_a_document_explicitly(client, private_items):
    municipality, document = private_items["municipality"], private_items["document"]
    profile = reverse("pages:municipality", kwargs={"slug": municipality.slug})
    assert MARK not in client.get(profile).content.decode()
    member = UserFactory(municipality=municipality)
    client.force_login(member)
    publish = reverse("policyscan_workspace:publish", kwargs={"slug": municipality.slug, "pk": document.pk})
    assert client.post(publish, {"published": "1"}).status_code == 302
    client.logout()
    assert MARK in client.get(profile).content.decode()
    client.force_login(member)
    client.post(publish, {"published": "0"})
    client.logout()
    assert MARK not in client.get(profile).content.decode()


def test_an_unpublished_programme_is_invisible_and_closed(client, private_items):
    from apps.core.exceptions import ServiceError
    from apps.programmes import services

    programme, municipality = private_items["programme"], private_items["municipality"]
    programme.registration_opens = dt.date(2020, 1, 1)
    programme.save()
    member = UserFactory(municipality=municipality)
    client.force_login(member)
    assert client.get(reverse("programmes:detail", kwargs={"slug": programme.slug})).status_code == 404
    workspace = reverse("programmes_workspace:register", kwargs={"slug": municipality.slug, "programme": programme.slug})
    assert client.get(workspace).status_code == 404
    assert client.post(workspace, {"contact_email": "x@example.org", "motivation": "graag"}).status_code == 404
    with pytest.raises(ServiceError):
        services.registration_check(programme=programme, municipality=municipality, user=member)
    assert not programme.registrations.exists()
