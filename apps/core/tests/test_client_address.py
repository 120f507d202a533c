"""Finding 3 of issue 17: one client address (apps/core/clientip.py) behind a simulated proxy, used
by the login lock (django-axes), the API throttles and the form rate limits (django-ratelimit)."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.api.base import PublicReadThrottle
from apps.core.clientip import client_ip
from apps.membership.models import Application
from apps.membership.tests.test_views import form_data
from apps.tijdscapsule import views as capsule_views
from apps.tijdscapsule.models import Wish
from apps.tijdscapsule.tests import test_wishes
from tests.factories import UserFactory

clock = test_wishes.clock  # the Tijdscapsule fixtures: a confirmed visit open for wishes
visit = test_wishes.visit
PROXY = "10.0.0.1"  # the reverse proxy: every request arrives from here
ATTACKER = "203.0.113.5"
VICTIM = "198.51.100.7"


def behind_proxy(address, spoofed=""):
    """What nginx ($proxy_add_x_forwarded_for) passes on: whatever the client sent, then the address it saw."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{spoofed}, {address}" if spoofed else address}


@pytest.fixture(autouse=True)
def _one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    yield
    cache.clear()


def test_the_client_address_is_the_one_the_trusted_proxy_saw(settings):
    rf = RequestFactory()
    assert client_ip(rf.get("/", **behind_proxy(ATTACKER))) == ATTACKER
    for spoofed in ("1.2.3.4", "1.2.3.4, 5.6.7.8", "not-an-address", VICTIM):
        assert client_ip(rf.get("/", **behind_proxy(ATTACKER, spoofed))) == ATTACKER
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY  # bypassed the proxy: the connection
    settings.TRUSTED_PROXY_COUNT = 2  # e.g. a load balancer, then nginx
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}, 10.0.0.2")) == ATTACKER
    settings.TRUSTED_PROXY_COUNT = 0  # development: no proxy, the header is never believed
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=VICTIM)) == "127.0.0.1"


@pytest.mark.django_db
def test_one_clients_failed_logins_never_lock_out_another_client():
    UserFactory(email="lotte@example.org")
    url = reverse("accounts:login")
    attacker = Client()
    for index in range(6):  # rotating a spoofed header does not give the attacker fresh attempts
        response = attacker.post(url, {"username": "lotte@example.org", "password": "fout"}, **behind_proxy(ATTACKER, f"9.9.9.{index}"))
    assert response.status_code == 429
    response = attacker.post(url, {"username": "lotte@example.org", "password": "correct-horse-battery"}, **behind_proxy(ATTACKER, VICTIM))
    assert response.status_code == 429
    victim = Client()
    response = victim.post(url, {"username": "lotte@example.org", "password": "correct-horse-battery"}, **behind_proxy(VICTIM))
    assert response.status_code == 302 and "_auth_user_id" in victim.session


@pytest.mark.django_db
def test_api_throttle_counts_per_client_and_ignores_spoofed_headers(client, monkeypatch):
    monkeypatch.setattr(PublicReadThrottle, "rate", "3/minute", raising=False)
    url = "/api/v1/goals"
    statuses = [client.get(url, **behind_proxy(ATTACKER, f"9.9.9.{index}")).status_code for index in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get(url, **behind_proxy(VICTIM)).status_code == 200
    assert PublicReadThrottle().get_ident(RequestFactory().get(url, **behind_proxy(ATTACKER, "9.9.9.9"))) == ATTACKER


@pytest.mark.django_db
def test_join_limit_is_per_client(client, settings):
    settings.JOIN_RATE_LIMIT = 1
    url = reverse("membership:join")
    assert client.post(url, form_data(email="a1@utrecht.example"), **behind_proxy(ATTACKER)).status_code == 302
    response = client.post(url, form_data(email="a2@utrecht.example"), **behind_proxy(ATTACKER, "9.9.9.9"))
    assert response.status_code == 200 and "Te veel aanmeldingen" in response.content.decode()
    response = Client().post(url, form_data(email="v1@utrecht.example"), **behind_proxy(VICTIM))
    assert "Te veel aanmeldingen" not in response.content.decode()
    assert Application.objects.filter(email="v1@utrecht.example").exists()


@pytest.mark.django_db
def test_wish_limit_is_per_client(visit):
    visit.capsule.wishes_per_hour = 1
    visit.capsule.save()
    attacker = Client()
    url = reverse("tijdscapsule:wish", kwargs={"pk": visit.pk})
    first = attacker.post(url, {"text": "Meer bomen", "role": "inwoner"}, **behind_proxy(ATTACKER))
    second = attacker.post(url, {"text": "Meer bomen", "role": "inwoner"}, **behind_proxy(ATTACKER, "9.9.9.9"))
    assert first.status_code == 302 and second.status_code == 200 and "Wacht even" in second.content.decode()
    other = Client().post(url, {"text": "Schone lucht", "role": "inwoner"}, **behind_proxy(VICTIM))
    assert other.status_code == 302
    assert Wish.objects.count() == 2


@pytest.mark.django_db
def test_booklet_limit_is_per_client(visit, monkeypatch):
    monkeypatch.setattr(capsule_views, "BOOKLET_RATE", "1/h")
    url = reverse("tijdscapsule:booklet", kwargs={"slug": visit.municipality.slug})
    too_many = "Te veel verzoeken"
    attacker = Client()
    attacker.post(url, **behind_proxy(ATTACKER))
    refused = attacker.post(url, follow=True, **behind_proxy(ATTACKER, "9.9.9.9"))
    assert too_many in refused.content.decode()
    other = Client().post(url, follow=True, **behind_proxy(VICTIM))
    assert too_many not in other.content.decode()
