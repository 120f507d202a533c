import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.exceptions import ServiceError
from apps.support import services
from apps.support.models import Message, SupportRequest
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def ask(client, user, **data):
    url = reverse("support_workspace:list", kwargs={"slug": user.municipality.slug})
    payload = {"category": "activities", "subject": "Welke activiteiten passen bij ons?", "body": "Wij zijn een kleine gemeente en willen beginnen.", **data}
    return client.post(url, payload)


def test_member_asks_team_answers_member_replies(client, media, django_capture_on_commit_callbacks, settings):
    member = UserFactory(full_name="Lotte Jansen")
    team = UserFactory(team=True, full_name="Sanne de Vries")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, member, goals=[3, 11])
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/ondersteuning/{support_request.pk}/")
    assert support_request.status == SupportRequest.Status.NEW and support_request.number == f"V-{support_request.pk:05d}"
    assert sorted(g.number for g in support_request.goals.all()) == [3, 11]
    assert mail.outbox[-1].to == [settings.CAMPAIGN_TEAM_EMAIL] and support_request.number in mail.outbox[-1].subject

    services.request_assign(support_request=support_request, user=team)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(support_request=support_request, author=team, body="Kijk eens naar de Global Goals-week.", from_team=True)
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.WAITING and support_request.first_response_at
    assert mail.outbox[-1].to == [member.email] and "Global Goals-week" in mail.outbox[-1].body
    assert f"/ondersteuning/{support_request.pk}/" in mail.outbox[-1].body

    detail = reverse("support_workspace:detail", kwargs={"slug": member.municipality.slug, "pk": support_request.pk})
    page = client.get(detail).content.decode()
    assert "Kijk eens naar de Global Goals-week." in page and "Sanne de Vries" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"body": "Dank u, dat gaan we doen."})
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.IN_PROGRESS
    assert mail.outbox[-1].to == [team.email]
    assert support_request.messages.count() == 3


def test_a_double_click_sends_one_question(client, media):
    member = UserFactory()
    client.force_login(member)
    token = str(uuid.uuid4())
    first = ask(client, member, token=token)
    second = ask(client, member, token=token)
    assert SupportRequest.objects.count() == 1 and Message.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_30_mb_attachment_is_refused_and_the_text_is_kept(client, media):
    member = UserFactory()
    client.force_login(member)
    big = SimpleUploadedFile("raadsvoorstel.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024), content_type="application/pdf")
    response = ask(client, member, body="Mijn lange vraag die niet verloren mag gaan.", attachment=big)
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 10 MB" in body or "maximaal 10 MB" in body
    assert "Mijn lange vraag die niet verloren mag gaan." in body
    assert SupportRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("notulen.pdf", b"MZ\x90\x00 not a pdf"), ("foto.png", b"GIF89a"), ("script.exe", b"MZ"), ("lijst.csv", b"\x00\x01\x02\xff\xfe")],
)
def test_attachments_must_be_what_they_say(name, content):
    with pytest.raises(services.AttachmentError):
        services.attachment_check(SimpleUploadedFile(name, content))


def test_real_attachments_are_accepted_and_served_only_to_the_municipality_and_team(client, media):
    member = UserFactory()
    client.force_login(member)
    ask(client, member, attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.7\nplan", content_type="application/pdf"))
    message = Message.objects.get()
    assert message.attachment_name == "plan.pdf"
    url = reverse("support_workspace:attachment", kwargs={"slug": member.municipality.slug, "pk": message.request_id, "message_pk": message.pk})
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7\nplan"
    client.force_login(UserFactory(team=True))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(coach=True))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_municipality_sees_only_its_own_requests(client, media):
    mine, other = UserFactory(), UserFactory()
    theirs, _created = services.request_create(
        municipality=other.municipality, user=other, category="other", subject="Geheime vraag", body="Alleen voor ons."
    )
    client.force_login(mine)
    listing = client.get(reverse("support_workspace:list", kwargs={"slug": mine.municipality.slug})).content.decode()
    assert "Geheime vraag" not in listing
    # the other municipality's request under my own workspace address: not found
    assert client.get(reverse("support_workspace:detail", kwargs={"slug": mine.municipality.slug, "pk": theirs.pk})).status_code == 404
    assert client.post(reverse("support_workspace:detail", kwargs={"slug": mine.municipality.slug, "pk": theirs.pk}), {"body": "x"}).status_code == 404
    # and under theirs: forbidden
    assert client.get(reverse("support_workspace:detail", kwargs={"slug": other.municipality.slug, "pk": theirs.pk})).status_code == 403
    assert theirs.messages.count() == 1


def test_coaches_do_not_see_support_requests(client):
    from tests.factories import AccessGrantFactory

    grant = AccessGrantFactory()
    client.force_login(grant.user)
    assert client.get(reverse("support_workspace:list", kwargs={"slug": grant.municipality.slug})).status_code == 403


def test_team_answers_in_the_back_office(client, media, django_capture_on_commit_callbacks):
    member = UserFactory()
    team = UserFactory(team=True, is_superuser=True)
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="speaker", subject="Spreker", body="Voor de raad.")
    client.force_login(team)
    queue = client.get(reverse("admin:support_supportrequest_changelist"))
    assert queue.status_code == 200 and "Spreker" in queue.content.decode()
    change = reverse("admin:support_supportrequest_change", args=[support_request.pk])
    assert client.get(change).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, {"status": "in_progress", "assigned_to": team.pk, "reply": "Wij sturen u drie namen.", "messages-TOTAL_FORMS": "1", "messages-INITIAL_FORMS": "1", "messages-MIN_NUM_FORMS": "0", "messages-MAX_NUM_FORMS": "1000", "messages-0-id": support_request.messages.get().pk, "messages-0-request": support_request.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    support_request.refresh_from_db()
    assert support_request.assigned_to == team and support_request.status == SupportRequest.Status.WAITING
    assert mail.outbox[-1].to == [member.email]


def test_only_team_members_can_be_assigned():
    member = UserFactory()
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="other", subject="x", body="y")
    with pytest.raises(ServiceError):
        services.request_assign(support_request=support_request, user=member)


def test_queue_queries_are_constant(client, django_assert_max_num_queries):
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    municipality = MembershipFactory().municipality
    for index in range(3):
        services.request_create(municipality=municipality, user=None, category="other", subject=f"v{index}", body="b")
    url = reverse("admin:support_supportrequest_changelist")
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for index in range(30):
        services.request_create(municipality=MembershipFactory().municipality, user=None, category="other", subject=f"w{index}", body="b")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_an_answer_links_knowledge_articles(client):
    from apps.knowledge.demo import load_demo
    from apps.knowledge.models import Article

    load_demo(password="")
    member = UserFactory()
    team = UserFactory(team=True)
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="council", subject="Paragraaf", body="Voorbeeld?")
    from apps.menukaart.demo import load_demo as menukaart_demo
    from apps.menukaart.models import ActionFormat

    menukaart_demo(password="")
    article = Article.objects.get(slug="handreiking-sdg-paragraaf")
    action_format = ActionFormat.objects.get(slug="sdg-toets-raadsvoorstel")
    services.message_add(support_request=support_request, author=team, body="Zie de handreiking.", from_team=True, articles=[article], action_formats=[action_format])
    client.force_login(member)
    page = client.get(reverse("support_workspace:detail", kwargs={"slug": member.municipality.slug, "pk": support_request.pk})).content.decode()
    assert f'href="{article.get_absolute_url()}"' in page and f'href="{action_format.get_absolute_url()}"' in page


def test_a_double_click_on_the_team_s_answer_sends_it_once_and_answer_and_close_is_done(client, media, django_capture_on_commit_callbacks):
    import re

    member = UserFactory()
    team = UserFactory(team=True, is_superuser=True)
    support_request, _created = services.request_create(municipality=member.municipality, user=member, category="other", subject="Dubbel", body="Vraag.")
    client.force_login(team)
    change = reverse("admin:support_supportrequest_change", args=[support_request.pk])
    token = re.search(r'name="reply_token" value="([^"]+)"', client.get(change).content.decode()).group(1)
    data = {
        "status": "done", "assigned_to": "", "reply": "Hier is het antwoord.", "reply_token": token,
        "messages-TOTAL_FORMS": "1", "messages-INITIAL_FORMS": "1", "messages-MIN_NUM_FORMS": "0", "messages-MAX_NUM_FORMS": "1000",
        "messages-0-id": support_request.messages.get().pk, "messages-0-request": support_request.pk,
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, data).status_code == 302
        assert client.post(change, data).status_code == 302  # the second click of a double click
    assert support_request.messages.filter(from_team=True).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.DONE and support_request.closed_at


def test_the_attachment_field_carries_its_limit_for_the_browser_check(client):
    member = UserFactory()
    client.force_login(member)
    body = client.get(reverse("support_workspace:list", kwargs={"slug": member.municipality.slug})).content.decode()
    assert f'data-max-bytes="{services.ATTACHMENT_MAX_BYTES}"' in body and "support/upload-limit.js" in body
    assert "groter dan 10 MB" in body
