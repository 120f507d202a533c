import datetime as dt

import pytest
from django.urls import reverse

from apps.membership.models import Membership
from apps.municipalities.models import Municipality
from tests.factories import MembershipFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    utrecht = MembershipFactory(municipality=municipality("GM0344"), since=dt.date(2018, 3, 1), intro="Utrecht werkt met de doelen.")
    utrecht.focus_goals.set([1, 13])
    houten = MembershipFactory(municipality=municipality("GM0321"), since=dt.date(2021, 6, 1))
    rotterdam = MembershipFactory(municipality=municipality("GM0599"), since=dt.date(2020, 1, 1))
    rotterdam.focus_goals.set([13])
    return {"utrecht": utrecht, "houten": houten, "rotterdam": rotterdam}


def test_home_explains_the_campaign_and_counts_members(client, members):
    body = client.get("/").content.decode()
    assert '<html lang="nl"' in body
    assert "3" in body and "342" in body
    assert reverse("membership:join") in body
    assert "Utrecht" in body  # recently joined


def test_member_list_filters(client, members):
    body = client.get(reverse("pages:members")).content.decode()
    assert all(name in body for name in ["Utrecht", "Houten", "Rotterdam"])
    body = client.get(reverse("pages:members"), {"provincie": "utrecht"}).content.decode()
    assert "Houten" in body and "Rotterdam" not in body
    body = client.get(reverse("pages:members"), {"grootte": "5"}).content.decode()
    assert "Utrecht" in body and "Rotterdam" in body and "Houten" not in body
    body = client.get(reverse("pages:members"), {"doel": "1"}).content.decode()
    assert "Utrecht" in body and "Rotterdam" not in body
    body = client.get(reverse("pages:members"), {"q": "rott"}).content.decode()
    assert "Rotterdam" in body and "Houten" not in body


def test_member_list_ignores_nonsense_filters(client, members):
    response = client.get(reverse("pages:members"), {"provincie": "atlantis", "grootte": "x", "doel": "99", "pagina": "abc"})
    assert response.status_code == 200
    assert "Houten" in response.content.decode()


def test_member_list_htmx_returns_only_the_results(client, members):
    response = client.get(reverse("pages:members"), {"provincie": "utrecht"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-results")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="member-results"')
    assert "<html" not in body


def test_member_list_is_paged(client):
    for m in Municipality.objects.current().order_by("cbs_code")[:70]:
        Membership.objects.create(municipality=m, since=dt.date(2020, 1, 1))
    first = client.get(reverse("pages:members")).content.decode()
    assert "Pagina 1 van 2" in first or "Page 1 of 2" in first
    second = client.get(reverse("pages:members"), {"pagina": 2})
    assert second.status_code == 200


def test_map_draws_every_municipality_with_a_table_alternative(client, members):
    body = client.get(reverse("pages:map")).content.decode()
    assert body.count("<path ") == 342
    assert body.count('class="is-member"') == 3
    assert 'role="img"' in body and "<table" in body
    assert body.index('id="table"') > body.index("<svg")


def test_profile_of_member_non_member_and_merged_municipality(client, members):
    body = client.get(reverse("pages:municipality", kwargs={"slug": "utrecht"})).content.decode()
    assert "Utrecht werkt met de doelen." in body
    assert "Klimaatactie" in body and "Geen armoede" in body
    assert "2018" in body
    body = client.get(reverse("pages:municipality", kwargs={"slug": "schiermonnikoog"})).content.decode()
    assert "?gemeente=schiermonnikoog" in body
    body = client.get(reverse("pages:municipality", kwargs={"slug": "weesp"})).content.decode()
    assert "Amsterdam" in body and "2022" in body
    assert client.get(reverse("pages:municipality", kwargs={"slug": "atlantis"})).status_code == 404


def test_goal_pages(client, members):
    body = client.get(reverse("pages:goals")).content.decode()
    assert body.count('class="goal-list__item"') == 17
    body = client.get(reverse("pages:goal", kwargs={"number": 13})).content.decode()
    assert "13.1" in body and "13.b" in body
    assert "Utrecht" in body and "Rotterdam" in body
    assert client.get(reverse("pages:goal", kwargs={"number": 18})).status_code == 404


@pytest.mark.parametrize("path", ["/", "/gemeenten/", "/kaart/", "/doelen/", "/doelen/1/", "/over/", "/aanmelden/", "/account/inloggen/"])
def test_every_public_page_exists_in_english(client, members, path):
    response = client.get("/en" + path)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_language_switch_is_a_link_and_public_pages_set_no_cookie(client):
    response = client.get("/gemeenten/?provincie=utrecht")
    assert 'href="/en/gemeenten/?provincie=utrecht" hreflang="en" lang="en"' in response.content.decode()
    assert "csrftoken" not in response.cookies
    response = client.get("/en/gemeenten/")
    assert 'href="/gemeenten/" hreflang="nl" lang="nl"' in response.content.decode()


def test_alternate_language_links_point_to_the_same_page(client, settings):
    body = client.get("/doelen/3/").content.decode()
    assert f'hreflang="en" href="{settings.SITE_URL}/en/doelen/3/"' in body
    body = client.get("/en/doelen/3/").content.decode()
    assert f'hreflang="nl" href="{settings.SITE_URL}/doelen/3/"' in body


def test_cached_member_list_and_map_follow_membership_changes(client, members, django_assert_max_num_queries):
    client.get(reverse("pages:members"))
    client.get(reverse("pages:map"))
    with django_assert_max_num_queries(2):  # version + goals for the filter; the results come from the cache
        client.get(reverse("pages:members"))
    with django_assert_max_num_queries(1):
        client.get(reverse("pages:map"))
    MembershipFactory(municipality=municipality("GM0088"))
    assert "Schiermonnikoog" in client.get(reverse("pages:members")).content.decode()
    assert client.get(reverse("pages:map")).content.decode().count('class="is-member"') == 4
    members["houten"].delete()
    assert "Houten" not in client.get(reverse("pages:members")).content.decode()
