"""Finding 6 of issue 17: nothing private or in draft shows on a public page or in the open API.

With one private item of each kind in the database (an unpublished scanned policy document with a
finished scan, an unpublished programme, an unpublished knowledge article, a practice example in
draft), every public page without arguments, every public page of the municipality (its slug), the
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
    return {"municipality": municipality, "document": document, "programme": programme}


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
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.get("Content-Type", "").startswith(("application/pdf", "image/", "application/zip")):
            continue
        body = response.content.decode(errors="replace")
        assert MARK not in body, url
        checked += 1
    assert checked >= 20


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
