"""Finding 10 of issue 17: an idle timeout on sessions (with a warning on pages with a form), and the
member list's fragment cache keyed only from validated filters."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_ends_after_the_idle_time_and_every_request_renews_it(client, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    user = UserFactory()
    client.force_login(user)
    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("accounts:keepalive")).status_code == 204
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))  # idle too long
    response = client.get(reverse("accounts:keepalive"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_logged_in_pages_carry_the_translated_warning(client, settings):
    client.force_login(UserFactory())
    body = client.get(reverse("pages:home")).content.decode()
    assert f'data-seconds="{settings.SESSION_COOKIE_AGE}"' in body and "js/session-timeout.js" in body
    assert 'role="alert"' in body and "Blijf ingelogd" in body
    english = client.get("/en" + reverse("pages:home")).content.decode()
    assert "Stay logged in" in english
    client.logout()
    assert "session-timeout" not in client.get(reverse("pages:home")).content.decode()


def fragment_keys():
    return {key for key in cache._cache if ":fragment:members:" in key}  # locmem's store


def test_member_list_cache_keys_come_only_from_validated_filters(client):
    cache.clear()
    url = reverse("pages:members")
    client.get(url)
    baseline = fragment_keys()
    assert len(baseline) == 1
    for index in range(15):
        response = client.get(
            url, {"provincie": f"nergens{index}", "grootte": "x", "doel": "99", "pagina": str(1000 + index), f"junk{index}": "<b>x</b>"}
        )
        assert response.status_code == 200
        results = response.content.decode().split('id="member-results"', 1)[1].split("</nav>", 1)[0]
        assert "junk" not in results and "nergens" not in results
    assert fragment_keys() == baseline
    assert not any("junk" in cache.get(key.split(":", 2)[2]) for key in fragment_keys())
    client.get(url, {"q": "utrecht"})  # free-text search is not cached
    assert fragment_keys() == baseline


def test_the_file_cache_culls_at_most_once_per_interval(tmp_path, monkeypatch):
    """apps.core.cache.FileCache: Django's file cache lists its whole directory before every write;
    ours culls (and lists) once per CULL_INTERVAL and still keeps the directory near MAX_ENTRIES."""
    from apps.core.cache import FileCache

    file_cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}})
    listings = []
    original = file_cache._list_cache_files
    monkeypatch.setattr(file_cache, "_list_cache_files", lambda: listings.append(1) or original())
    for i in range(10):
        file_cache.set(f"k{i}", i)
    assert len(listings) == 1  # only the first write looked at the directory
    assert file_cache.get("k9") == 9
    file_cache._next_cull = 0.0  # the interval has passed
    file_cache.set("k10", 10)
    assert len(listings) == 2
    assert len(original()) <= 6  # 10 files, half culled, then the new one


def test_the_url_tag_memoises_fixed_urls_per_language():
    """apps/core/templatetags/cached_url.py replaces {% url %}: the same URLs as Django's tag, per
    language, with arguments as before, and unknown names still an error (or "" with ``as``)."""
    from django.template import Context, Template
    from django.urls import NoReverseMatch
    from django.utils import translation

    template = Template(
        "{% url 'pages:members' %}|{% url 'pages:members' as m %}{{ m }}|{% url 'pages:municipality' 'utrecht' %}|{% url 'nope' as n %}[{{ n }}]"
    )
    for language, prefix in (("nl", ""), ("en", "/en"), ("nl", "")):
        with translation.override(language):
            assert template.render(Context()) == f"{prefix}/gemeenten/|{prefix}/gemeenten/|{prefix}/gemeenten/utrecht/|[]"
            assert reverse("pages:members") == f"{prefix}/gemeenten/"
    with pytest.raises(NoReverseMatch):
        Template("{% url 'nope' %}").render(Context())
