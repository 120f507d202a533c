import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.test import override_settings

from apps.accounts.models import Invitation, Role
from apps.core.exceptions import ExpiredLink, InvalidLink, ServiceError
from apps.membership import services
from apps.membership.models import Application, Membership
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def submit(code="GM0344", email="wethouder@utrecht.example", **extra):
    data = {
        "municipality": municipality(code),
        "contact_name": "Mirjam Hoekstra",
        "email": email,
        "contact_role": "wethouder",
        "motivation": "Wij willen meedoen.",
    }
    data.update(extra)
    return services.application_submit(**data)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def token_from(url: str) -> str:
    return url.rstrip("/").split("/")[-1]


def test_submit_records_application_and_mails_confirmation_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(focus_goals=[1, 13])
    assert application.status == Application.Status.UNCONFIRMED
    assert list(application.focus_goals.values_list("number", flat=True)) == [1, 13]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wethouder@utrecht.example"]
    assert "/aanmelden/bevestigen/" in link_in(mail.outbox[0])
    assert "Utrecht" in mail.outbox[0].subject


def test_submitting_twice_updates_the_same_application(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(motivation="Eerste versie")
        second = submit(email="WETHOUDER@utrecht.example", motivation="Tweede versie")
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert Application.objects.get().motivation == "Tweede versie"
    assert len(mail.outbox) == 2


def test_confirm_moves_to_campaign_team_and_is_idempotent(django_capture_on_commit_callbacks, settings):
    application = submit()
    token = services.confirmation_token(application)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.application_confirm(token=token)
    assert confirmed.status == Application.Status.PENDING
    assert confirmed.confirmed_at is not None
    assert [m.to for m in mail.outbox] == [[settings.CAMPAIGN_TEAM_EMAIL]]
    assert "/backoffice/membership/application/" in mail.outbox[0].body
    again = services.application_confirm(token=token)
    assert again.status == Application.Status.PENDING
    assert len(mail.outbox) == 1


def test_tampered_token_is_rejected():
    application = submit()
    token = services.confirmation_token(application)
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    with pytest.raises(InvalidLink):
        services.application_confirm(token=tampered)
    forged = signing.dumps(application.pk, salt="another-salt")
    with pytest.raises(InvalidLink):
        services.application_confirm(token=forged)
    assert Application.objects.get().status == Application.Status.UNCONFIRMED


def test_expired_token_can_be_renewed(django_capture_on_commit_callbacks, settings):
    application = submit()
    token = services.confirmation_token(application)
    settings.CONFIRMATION_VALID_DAYS = -1
    with pytest.raises(ExpiredLink):
        services.application_confirm(token=token)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_resend_confirmation(token=token)
    settings.CONFIRMATION_VALID_DAYS = 7
    new_token = token_from(link_in(mail.outbox[-1]))
    assert services.application_confirm(token=new_token).status == Application.Status.PENDING


def test_member_municipality_cannot_apply_again():
    MembershipFactory(municipality=municipality("GM0344"), since=dt.date(2019, 5, 1))
    with pytest.raises(services.AlreadyMember) as excinfo:
        submit()
    assert "Utrecht" in excinfo.value.message
    assert "2019" in excinfo.value.message


def test_second_pending_application_is_told_so():
    first = submit(email="a@utrecht.example")
    services.application_confirm(token=services.confirmation_token(first))
    with pytest.raises(services.ApplicationInProgress):
        submit(email="b@utrecht.example")


def test_two_unconfirmed_applications_cannot_both_be_confirmed():
    first = submit(email="a@utrecht.example")
    second = submit(email="b@utrecht.example")
    services.application_confirm(token=services.confirmation_token(first))
    with pytest.raises(services.ApplicationInProgress):
        services.application_confirm(token=services.confirmation_token(second))
    assert Application.objects.get(pk=second.pk).status == Application.Status.UNCONFIRMED


def test_merged_municipality_cannot_apply():
    with pytest.raises(ServiceError, match="Amsterdam"):
        submit(code="GM0457")


def test_approve_creates_membership_and_invites_coordinator(django_capture_on_commit_callbacks):
    team = UserFactory(team=True)
    application = ApplicationFactory(municipality=municipality("GM0599"), status=Application.Status.PENDING, language="en")
    application.focus_goals.set([3, 10])
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.application_approve(application=application, by=team, message="Welkom!")
    assert membership.municipality.cbs_code == "GM0599"
    assert list(membership.focus_goals.values_list("number", flat=True)) == [3, 10]
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == team
    invitation = Invitation.objects.get()
    assert invitation.role == Role.COORDINATOR
    assert invitation.municipality.cbs_code == "GM0599"
    assert mail.outbox[-1].to == [application.email]
    assert "Welkom!" in mail.outbox[-1].body
    assert "invited as municipal coordinator" in mail.outbox[-1].body  # applicant chose English
    with pytest.raises(ServiceError):
        services.application_approve(application=application, by=team)
    assert Membership.objects.count() == 1


def test_decline_needs_a_message_and_tells_the_applicant(django_capture_on_commit_callbacks):
    team = UserFactory(team=True)
    application = ApplicationFactory(status=Application.Status.PENDING)
    with pytest.raises(ServiceError):
        services.application_decline(application=application, by=team, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=application, by=team, message="Neem contact op met de griffie.")
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert "Neem contact op met de griffie." in mail.outbox[-1].body
    assert not Membership.objects.exists()


@override_settings(LANGUAGE_CODE="en")
def test_messages_are_translated():
    from django.utils import translation

    MembershipFactory(municipality=municipality("GM0344"), since=dt.date(2019, 5, 1))
    with translation.override("nl"), pytest.raises(services.AlreadyMember) as nl:
        submit()
    with translation.override("en"), pytest.raises(services.AlreadyMember) as en:
        submit()
    assert "is al een Global Goals gemeente" in nl.value.message
    assert "is already a Global Goals municipality" in en.value.message
