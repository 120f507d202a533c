"""The municipality closes and reopens its request; the team's closing and answers reach the asker
with the linked articles and formats; the team's queue reads from the team's side."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.support import services
from apps.support.models import SupportRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_requester_closes_and_reopens_and_the_team_hears_only_of_the_reopening(client, django_capture_on_commit_callbacks, settings):
    member = UserFactory()
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="other", subject="Logo", body="Waar?")
    client.force_login(member)
    detail = reverse("support_workspace:detail", kwargs={"slug": member.municipality.slug, "pk": support_request.pk})
    status = reverse("support_workspace:status", kwargs={"slug": member.municipality.slug, "pk": support_request.pk})
    assert "Vraag sluiten" in client.get(detail).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status, {"close": "1"})
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.DONE and support_request.closed_at and mail.outbox == []
    assert "Vraag heropenen" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status, {"reopen": "1"})
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.NEW and support_request.closed_at is None
    assert mail.outbox[-1].to == [settings.CAMPAIGN_TEAM_EMAIL] and "heropend" in mail.outbox[-1].subject


def test_closing_by_the_team_mails_the_requester_and_answers_carry_their_links(django_capture_on_commit_callbacks):
    from apps.knowledge.models import Article

    member = UserFactory()
    team = UserFactory(team=True)
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="other", subject="Raad", body="Hoe?")
    article = Article.objects.create(slug="paragraaf", title_nl="Handreiking paragraaf", summary_nl="s", published=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(support_request=support_request, author=team, body="Zie de handreiking.", from_team=True, articles=[article])
    assert "Handreiking paragraaf" in mail.outbox[-1].body and article.get_absolute_url() in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.request_set_status(support_request=support_request, status=SupportRequest.Status.DONE)
    assert mail.outbox[-1].to == [member.email] and "afgerond" in mail.outbox[-1].subject


def test_the_team_s_queue_reads_from_the_team_s_side(client):
    member = UserFactory()
    team = UserFactory(team=True, is_superuser=True)
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="other", subject="Spreker", body="Vraag van de gemeente.")
    SupportRequest.objects.filter(pk=support_request.pk).update(created_at=timezone.now() - dt.timedelta(days=3, hours=2))
    services.message_add(support_request=support_request, author=team, body="Antwoord van het team.", from_team=True)
    client.force_login(team)
    queue = client.get(reverse("admin:support_supportrequest_changelist")).content.decode()
    assert "Wacht op gemeente" in queue and "3 dagen" in queue
    change = client.get(reverse("admin:support_supportrequest_change", args=[support_request.pk])).content.decode()
    assert change.index("Antwoord van het team.") < change.index('name="reply"')  # the thread above the reply box
    assert 'value="Versturen"' in change
