"""Finding 5 of issue 17: a campaign-team member cannot make anyone (themselves included) superuser
or staff, change groups or permissions, or set another person's password; the team group holds no
permission on ``auth`` and does see the task results (failed deliveries)."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import CAMPAIGN_TEAM_APPS, campaign_team_group, user_apply_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client):
    user = UserFactory(team=True, email="team@example.org")
    user_apply_role(user=user)
    client.force_login(user)
    client.user = user
    return client


def change_form_data(user, **extra):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": "",
        "language": "nl",
        "role": user.role,
        "municipality": user.municipality_id or "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
    }
    data.update(extra)
    return data


def test_team_member_cannot_make_themselves_or_others_superuser(team_client):
    me = team_client.user
    url = reverse("admin:accounts_user_change", args=[me.pk])
    form = team_client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and 'name="is_staff"' not in form and 'name="groups"' not in form
    response = team_client.post(url, change_form_data(me))
    assert response.status_code == 302
    me.refresh_from_db()
    assert not me.is_superuser and me.user_permissions.count() == 0
    member = UserFactory()
    response = team_client.post(reverse("admin:accounts_user_change", args=[member.pk]), change_form_data(member))
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_superuser and not member.is_staff  # the role (member) decides, not a posted box


def test_team_member_cannot_set_another_persons_password_or_touch_a_superuser(team_client):
    member = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    response = team_client.post(url, {"password1": "Nieuw-wachtwoord-123", "password2": "Nieuw-wachtwoord-123"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")
    boss = UserFactory(team=True, is_superuser=True)
    response = team_client.post(reverse("admin:accounts_user_change", args=[boss.pk]), change_form_data(boss, email="evil@example.org"))
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.email != "evil@example.org"


def test_superuser_still_manages_back_office_rights(admin_client):
    member = UserFactory()
    response = admin_client.post(reverse("admin:accounts_user_change", args=[member.pk]), change_form_data(member, role="campaign_team", is_superuser=""))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff and not member.is_superuser


def test_team_group_has_no_auth_permissions_and_sees_failed_deliveries(team_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    labels = {config.label for config in apps.get_app_configs()}
    assert set(CAMPAIGN_TEAM_APPS) <= labels, set(CAMPAIGN_TEAM_APPS) - labels
    group = campaign_team_group()
    assert not group.permissions.filter(content_type__app_label__in=["auth", "admin"]).exists()
    assert group.permissions.filter(codename="view_dbtaskresult", content_type__app_label="django_tasks_database").exists()
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="apps.core.mail.deliver_email",
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(minutes=1),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback="refused",
    )
    response = team_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert response.status_code == 200 and "deliver_email" in response.content.decode()
    assert User.objects.filter(pk=team_client.user.pk, groups=group).exists()
