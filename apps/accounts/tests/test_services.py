import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import Invitation, Role, User
from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from tests.factories import UserFactory, municipality

pytestmark = pytest.mark.django_db


def invite(**extra):
    data = {"email": "nieuw@utrecht.example", "role": Role.MEMBER, "municipality": municipality("GM0344")}
    data.update(extra)
    return services.invitation_create(**data)


def test_invitation_mails_a_link_and_stores_only_a_hash(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite()
    assert token not in invitation.token_hash
    assert token in mail.outbox[0].body
    assert invitation.is_open


def test_accept_creates_user_with_role_and_municipality():
    _, token = invite(role=Role.COORDINATOR)
    user = services.invitation_accept(token=token, full_name="Lotte Jansen", password="een-lang-wachtwoord")
    assert user.role == Role.COORDINATOR
    assert user.municipality.cbs_code == "GM0344"
    assert user.check_password("een-lang-wachtwoord")
    with pytest.raises(InvalidLink, match="al gebruikt"):
        services.invitation_get(token=token)


def test_expired_invitation_is_refused_clearly():
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ExpiredLink, match="verlopen"):
        services.invitation_accept(token=token, full_name="X", password="een-lang-wachtwoord")
    assert not User.objects.filter(email="nieuw@utrecht.example").exists()


def test_unknown_token_and_replaced_invitation():
    with pytest.raises(InvalidLink):
        services.invitation_get(token="niet-bestaand")
    _, old_token = invite()
    _, new_token = invite()
    with pytest.raises(InvalidLink, match="nieuwere"):
        services.invitation_get(token=old_token)
    assert services.invitation_get(token=new_token)


def test_cannot_invite_an_existing_account():
    UserFactory(email="bestaand@example.org")
    with pytest.raises(ServiceError):
        invite(email="Bestaand@example.org")


def test_campaign_team_role_gives_back_office_access():
    _, token = services.invitation_create(email="team@vng.example", role=Role.CAMPAIGN_TEAM)
    user = services.invitation_accept(token=token, full_name="Team", password="een-lang-wachtwoord")
    assert user.is_staff
    assert user.groups.filter(name=services.CAMPAIGN_TEAM_GROUP).exists()
    assert user.has_perm("membership.change_application")
    assert user.municipality is None


def test_last_coordinator_stays():
    coordinator = UserFactory(coordinator=True)
    colleague = UserFactory(municipality=coordinator.municipality)
    with pytest.raises(ServiceError):
        services.person_set_role(actor=coordinator, person=coordinator, role=Role.MEMBER)
    services.person_set_role(actor=coordinator, person=colleague, role=Role.COORDINATOR)
    services.person_set_role(actor=coordinator, person=coordinator, role=Role.MEMBER)
    assert User.objects.get(pk=coordinator.pk).role == Role.MEMBER


def test_deactivate_keeps_history_and_refuses_other_municipality():
    coordinator = UserFactory(coordinator=True)
    colleague = UserFactory(municipality=coordinator.municipality)
    stranger = UserFactory()
    with pytest.raises(ServiceError):
        services.person_deactivate(actor=coordinator, person=stranger)
    with pytest.raises(ServiceError):
        services.person_deactivate(actor=coordinator, person=coordinator)
    services.person_deactivate(actor=coordinator, person=colleague)
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert colleague.history.count() >= 2
