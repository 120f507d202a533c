"""Every URL declares who may use it; no one changes another municipality's data."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import Role
from tests.factories import AccessGrantFactory, MembershipFactory, UserFactory

THIRD_PARTY = ("django.contrib.admin", "django.views.i18n", "django.contrib.staticfiles")


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p


def view_of(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback  # cls: DRF viewsets


def test_every_platform_view_declares_its_access_rule():
    missing = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        view = view_of(pattern)
        if view.__module__.startswith(THIRD_PARTY) or namespace == "admin":
            continue
        if getattr(view, "access", None) not in {"public", "login", "municipality"}:
            missing.append(route)
    assert missing == []


WORKSPACE = "werkruimte/<slug:slug>/"
DUMMY = {"int": 999999, "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}
KNOWN = {"language": "nl", "name": "logo.png"}


def workspace_patterns():
    """Every route under /werkruimte/<slug>/, whichever app (and URL namespace) it belongs to."""
    return [(namespace, pattern, route) for route, namespace, pattern in walk(get_resolver().url_patterns) if route.startswith(WORKSPACE)]


def workspace_urls(slug):
    urls = []
    for namespace, pattern, route in workspace_patterns():
        kwargs = {"slug": slug}
        for converter, name in re.findall(r"<(\w+):(\w+)>", route):
            if name != "slug":
                kwargs[name] = KNOWN.get(name, DUMMY[converter])
        urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def test_every_workspace_view_is_a_municipality_view():
    from apps.core.permissions import MunicipalityPermissionRequired

    assert len(workspace_patterns()) >= 6
    for _namespace, pattern, _route in workspace_patterns():
        assert issubclass(view_of(pattern), MunicipalityPermissionRequired), pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR])
def test_people_of_another_municipality_get_403_everywhere(client, method, role):
    target = MembershipFactory().municipality
    other = UserFactory(role=role)
    assert other.municipality != target
    client.force_login(other)
    for url in workspace_urls(target.slug):
        response = getattr(client, method)(url, {"role": "coordinator", "email": "x@example.org", "intro": "overgenomen"})
        assert response.status_code == 403, url
    assert target.membership.intro == ""


@pytest.mark.django_db
def test_coach_with_grant_may_look_but_not_change(client):
    grant = AccessGrantFactory()
    client.force_login(grant.user)
    slug = grant.municipality.slug
    assert client.get(reverse("workspace:home", kwargs={"slug": slug})).status_code == 200
    assert client.get(reverse("workspace:profile", kwargs={"slug": slug})).status_code == 403
    assert client.post(reverse("workspace:people", kwargs={"slug": slug}), {"email": "x@example.org", "role": "member"}).status_code == 403
    other = MembershipFactory().municipality
    assert client.get(reverse("workspace:home", kwargs={"slug": other.slug})).status_code == 403


@pytest.mark.django_db
def test_expired_grant_gives_no_access(client):
    import datetime as dt

    grant = AccessGrantFactory(valid_until=dt.date(2020, 1, 1))
    client.force_login(grant.user)
    assert client.get(reverse("workspace:home", kwargs={"slug": grant.municipality.slug})).status_code == 403


@pytest.mark.django_db
def test_member_sees_own_workspace_but_coordinator_tasks_are_refused(client):
    member = UserFactory()
    client.force_login(member)
    slug = member.municipality.slug
    assert client.get(reverse("workspace:home", kwargs={"slug": slug})).status_code == 200
    assert client.get(reverse("workspace:profile", kwargs={"slug": slug})).status_code == 403
    assert client.get(reverse("workspace:people", kwargs={"slug": slug})).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    slug = MembershipFactory().municipality.slug
    for url in workspace_urls(slug):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_non_member_municipality_has_no_workspace(client):
    user = UserFactory(team=True)
    client.force_login(user)
    assert client.get(reverse("workspace:home", kwargs={"slug": "schiermonnikoog"})).status_code == 404


@pytest.mark.django_db
def test_campaign_team_reads_every_workspace_and_changes_in_back_office(client):
    team = UserFactory(team=True)
    slug = MembershipFactory().municipality.slug
    client.force_login(team)
    assert client.get(reverse("workspace:home", kwargs={"slug": slug})).status_code == 200
    assert client.get(reverse("workspace:profile", kwargs={"slug": slug})).status_code == 403


def test_every_workspace_write_is_guarded_by_the_permission_module():
    """Issue 17, finding 9: a view that accepts POST either has a write permission that dispatch checks
    before the view runs, or says that its own per-object domain rule decides (programmes)."""
    from apps.core.permissions import Perm

    own_rules = {"programmes_workspace"}
    unguarded = []
    for namespace, pattern, _route in workspace_patterns():
        view = view_of(pattern)
        if not hasattr(view, "post"):
            continue
        write = getattr(view, "write_permission", Perm.EDIT_DATA)
        if write is None and namespace not in own_rules:
            unguarded.append(f"{namespace}:{pattern.name}")
    assert unguarded == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coach", "team"])
def test_readers_cannot_write_through_any_workspace_url(client, who):
    """A coach with a grant and the campaign team may read a workspace; every POST to it (except the
    programmes', whose own rules decide) is refused before the view runs."""
    if who == "coach":
        grant = AccessGrantFactory()
        user, municipality = grant.user, grant.municipality
    else:
        user, municipality = UserFactory(team=True), MembershipFactory().municipality
    client.force_login(user)
    for namespace, pattern, route in workspace_patterns():
        if namespace == "programmes_workspace" or not hasattr(view_of(pattern), "post"):
            continue
        kwargs = {"slug": municipality.slug}
        for converter, name in re.findall(r"<(\w+):(\w+)>", route):
            if name != "slug":
                kwargs[name] = KNOWN.get(name, DUMMY[converter])
        url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
        assert client.post(url, {"x": "1"}).status_code == 403, url


def test_api_views_deny_by_default_and_each_declares_its_permission():
    from django.conf import settings
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    assert settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] == ["apps.api.permissions.DenyAll"]

    class Undeclared(APIView):
        authentication_classes = []

        def get(self, request):
            return None

    assert Undeclared.as_view()(APIRequestFactory().get("/api/v1/x")).status_code == 403
    from apps.api.permissions import DenyAll
    from apps.api.urls import router

    undeclared = [prefix for prefix, viewset, _basename in router.registry if DenyAll in viewset.permission_classes]
    assert undeclared == []
