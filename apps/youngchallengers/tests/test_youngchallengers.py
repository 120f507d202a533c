import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import Invitation
from apps.accounts.services import invitation_accept
from apps.core.exceptions import ServiceError
from apps.youngchallengers import services
from apps.youngchallengers.models import Challenge, Post, YoungChallenger
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def challenger(**kwargs):
    user = UserFactory(**kwargs)
    return YoungChallenger.objects.create(user=user, municipality=user.municipality)


def test_coordinator_nominates_a_colleague_with_and_without_account(client, django_capture_on_commit_callbacks):
    coordinator = UserFactory(coordinator=True)
    colleague = UserFactory(municipality=coordinator.municipality, full_name="Noor Visser")
    client.force_login(coordinator)
    url = reverse("youngchallengers_workspace:nominations", kwargs={"slug": coordinator.municipality.slug})
    client.post(url, {"email": colleague.email})
    assert YoungChallenger.objects.get(user=colleague).municipality == coordinator.municipality

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "nieuw@gemeente.example", "full_name": "Nieuwe Collega"})
    invitation = Invitation.objects.get(email="nieuw@gemeente.example")
    assert any("nieuw@gemeente.example" in m.to for m in mail.outbox)
    assert not YoungChallenger.objects.filter(user__email="nieuw@gemeente.example").exists()
    import re

    with django_capture_on_commit_callbacks(execute=True):
        services.nominate(coordinator=coordinator, municipality=coordinator.municipality, email="tweede@gemeente.example")
    letter = next(m for m in mail.outbox if "tweede@gemeente.example" in m.to)
    token = re.search(r"/uitnodiging/([^/\s]+)/", letter.body).group(1)
    user = invitation_accept(token=token, full_name="Tweede Collega", password="een-lang-wachtwoord-2030")
    assert YoungChallenger.objects.get(user=user).municipality == coordinator.municipality
    assert invitation.municipality == coordinator.municipality


def test_a_young_challenger_belongs_to_one_municipality():
    coordinator = UserFactory(coordinator=True)
    elsewhere = UserFactory()
    with pytest.raises(ServiceError, match="another municipality|andere gemeente"):
        services.nominate(coordinator=coordinator, municipality=coordinator.municipality, email=elsewhere.email)
    member = UserFactory(municipality=coordinator.municipality)
    with pytest.raises(ServiceError):
        services.nominate(coordinator=member, municipality=coordinator.municipality, email="x@example.org")


def test_challenge_details_stay_within_the_municipality_unless_shared(client):
    owner = challenger()
    private = Challenge.objects.create(challenger=owner, title="Interne challenge", plan="Geheim plan voor de kantine")
    private.goals.set([12])
    shared = Challenge.objects.create(challenger=owner, title="Gedeelde challenge", plan="Open plan", public=True)
    shared.goals.set([13])
    profile = reverse("youngchallengers:profile", kwargs={"pk": owner.pk})

    client.force_login(UserFactory())  # another municipality
    body = client.get(profile).content.decode()
    assert "Open plan" in body and "Geheim plan" not in body and "Interne challenge" not in body
    assert client.get(reverse("youngchallengers:challenge_edit", kwargs={"pk": private.pk})).status_code == 403

    client.force_login(UserFactory(municipality=owner.municipality))  # a colleague
    assert "Geheim plan" in client.get(profile).content.decode()
    client.force_login(UserFactory(team=True))
    assert "Geheim plan" in client.get(profile).content.decode()


def test_only_the_owner_edits_a_challenge_and_its_steps(client):
    owner, other = challenger(), challenger()
    challenge = Challenge.objects.create(challenger=owner, title="Mijn challenge", plan="Plan")
    challenge.goals.set([4])
    client.force_login(other.user)
    assert client.post(reverse("youngchallengers:challenge_edit", kwargs={"pk": challenge.pk}), {"title": "Overgenomen"}).status_code == 403
    assert client.post(reverse("youngchallengers:step_add", kwargs={"pk": challenge.pk}), {"step-title": "x"}).status_code == 403
    client.force_login(owner.user)
    client.post(reverse("youngchallengers:step_add", kwargs={"pk": challenge.pk}), {"step-title": "Gesprek met de directie"})
    step = challenge.steps.get()
    client.post(reverse("youngchallengers:step_toggle", kwargs={"pk": challenge.pk, "step_pk": step.pk}))
    step.refresh_from_db()
    assert step.done
    challenge.refresh_from_db()
    assert challenge.title == "Mijn challenge"


def test_create_a_challenge(client):
    owner = challenger()
    client.force_login(owner.user)
    response = client.post(reverse("youngchallengers:challenge_new"), {"title": "Global Goals-lunch", "goals": [2, 12], "plan": "Elk kwartaal", "status": "planned"})
    challenge = Challenge.objects.get()
    assert response["Location"].endswith(f"/challenges/{challenge.pk}/")
    assert challenge.challenger == owner and sorted(g.number for g in challenge.goals.all()) == [2, 12]


def test_network_is_for_people_of_member_municipalities(client):
    url = reverse("youngchallengers:network")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(coach=True))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 200


def test_posts_are_sent_once_and_reports_go_to_the_team(client, django_capture_on_commit_callbacks, settings):
    author = challenger()
    client.force_login(author.user)
    token = str(uuid.uuid4())
    client.post(reverse("youngchallengers:network"), {"body": "Wie doet mee met de lunch?", "token": token})
    client.post(reverse("youngchallengers:network"), {"body": "Wie doet mee met de lunch?", "token": token})
    post = Post.objects.get()
    reader = UserFactory()
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("youngchallengers:report", kwargs={"pk": post.pk}), {"reason": "Reclame"})
        client.post(reverse("youngchallengers:report", kwargs={"pk": post.pk}), {"reason": "Nog eens"})
    assert post.reports.count() == 1
    assert [m.to for m in mail.outbox] == [[settings.CAMPAIGN_TEAM_EMAIL]] and "Reclame" in mail.outbox[0].body
    post.hidden = True
    post.save()
    assert "Wie doet mee met de lunch?" not in client.get(reverse("youngchallengers:network")).content.decode()


def test_a_photo_must_be_an_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    me = challenger()
    client.force_login(me.user)
    response = client.post(reverse("youngchallengers:profile_edit"), {"role_title": "Trainee", "photo": SimpleUploadedFile("foto.jpg", b"not an image")})
    assert response.status_code == 200
    assert 'id="id_photo_error"' in response.content.decode()
    me.refresh_from_db()
    assert not me.photo


def test_only_public_summaries_on_the_public_page(client):
    shown = challenger(full_name="Zichtbaar Persoon")
    shown.public, shown.public_summary = True, "Ik werk aan doel 12."
    shown.save()
    challenger(full_name="Verborgen Persoon")
    body = client.get(reverse("youngchallengers:public")).content.decode()
    assert "Zichtbaar Persoon" in body and "Ik werk aan doel 12." in body and "Verborgen Persoon" not in body


def test_no_view_shows_a_private_challenge_to_another_municipality(client):
    """Every YoungChallengers page, as someone of another municipality (and anonymously): the private
    challenge's title, plan and colleagues never appear."""
    from django.urls import get_resolver

    owner = challenger()
    owner.public, owner.public_summary = True, "Werkt aan duurzame inkoop"
    owner.save()
    private = Challenge.objects.create(challenger=owner, title="Interne challenge", plan="Geheim plan", colleagues="Collega Kees", result="Geheim resultaat")
    private.goals.set([12])
    step_pk = private.steps.create(title="Geheime stap").pk
    Post.objects.create(author=owner, body="Een bericht")
    pk = {"pk": private.pk}
    urls = [
        reverse("youngchallengers:public"),
        reverse("youngchallengers:network"),
        reverse("youngchallengers:profile", kwargs={"pk": owner.pk}),
        reverse("youngchallengers:profile_edit"),
        reverse("youngchallengers:challenge_new"),
        reverse("youngchallengers:challenge_edit", kwargs=pk),
        reverse("youngchallengers:step_add", kwargs=pk),
        reverse("youngchallengers:step_toggle", kwargs={**pk, "step_pk": step_pk}),
        reverse("youngchallengers:report", kwargs={"pk": Post.objects.get().pk}),
        reverse("youngchallengers_workspace:nominations", kwargs={"slug": owner.municipality.slug}),
    ]
    covered = {p.name for p in get_resolver().namespace_dict["youngchallengers"][1].url_patterns}
    assert covered == {"public", "network", "profile", "profile_edit", "challenge_new", "challenge_edit", "step_add", "step_toggle", "report"}
    outsider = challenger()
    for who in (None, outsider.user):
        if who:
            client.force_login(who)
        for url in urls:
            for method in (client.get, client.post):
                body = method(url).content.decode()
                for secret in ("Geheim plan", "Collega Kees", "Geheim resultaat", "Geheime stap", "Interne challenge"):
                    assert secret not in body, (who, url, method)
    private.refresh_from_db()
    assert private.title == "Interne challenge" and not private.steps.get().done


def test_find_each_other_by_goal_province_and_topic(client):
    from apps.knowledge.models import Topic
    from tests.factories import MembershipFactory, municipality

    utrecht = challenger(municipality=MembershipFactory(municipality=municipality("GM0344")).municipality)
    groningen = challenger(municipality=MembershipFactory(municipality=municipality("GM0014")).municipality)
    topic = Topic.objects.create(slug="inkoop", name_nl="Inkoop", name_en="Procurement")
    utrecht.focus_goals.set([12])
    utrecht.topics.set([topic])
    groningen.focus_goals.set([7])
    client.force_login(UserFactory())
    url = reverse("youngchallengers:network")

    def found(**params):
        body = client.get(url, params).content.decode()
        return {c.user.full_name for c in (utrecht, groningen) if c.user.full_name in body}

    assert found(doel="12") == {utrecht.user.full_name}
    assert found(provincie=groningen.municipality.province) == {groningen.user.full_name}
    assert found(onderwerp="inkoop", doel="7") == set()
    assert found() == {utrecht.user.full_name, groningen.user.full_name}


def test_the_profile_shows_colleagues_result_and_story(client):
    owner = challenger()
    challenge = Challenge.objects.create(challenger=owner, title="Lunch", plan="Plan", colleagues="Team Inkoop", result="30 deelnemers", story="Het verhaal", public=True)
    challenge.goals.set([12])
    client.force_login(UserFactory())
    body = client.get(reverse("youngchallengers:profile", kwargs={"pk": owner.pk})).content.decode()
    assert "Team Inkoop" in body and "30 deelnemers" in body and "Het verhaal" in body
