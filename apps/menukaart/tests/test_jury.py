"""The award's jury: only the entry's own round's criteria, one score per juror per criterion,
change and delete until scoring closes, progress, publishing rules and conflicts of interest."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.core.exceptions import ServiceError
from apps.menukaart import services
from apps.menukaart.models import AwardCategory, AwardRound, Criterion, Entry, ExampleVersion, PracticeExample, Score
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CRITERIA = [("Verbinding met de doelen", "Connection with the goals", 2), ("Samenwerking", "Cooperation", 1), ("Navolgbaarheid", "Transferability", 1)]


def make_round(year, jury, **fields):
    award_round = AwardRound.objects.create(year=year, **fields)
    award_round.jury.set(jury)
    criteria = [Criterion.objects.create(award_round=award_round, name_nl=nl, name_en=en, weight=w) for nl, en, w in CRITERIA]
    return award_round, criteria


@pytest.fixture
def setting():
    jurors = [UserFactory(coach=True, full_name="Jurylid Een"), UserFactory(coach=True, full_name="Jurylid Twee")]
    old, old_criteria = make_round(2025, jurors, entries_open=False)
    new, criteria = make_round(2026, jurors)
    category = AwardCategory.objects.create(slug="verbinder", name_nl="Verbinder", name_en="Connector", description_nl="d", description_en="d")
    owner = UserFactory(coordinator=True)
    example = PracticeExample.objects.create(municipality=owner.municipality, title="Klimaatweek", status="published", version=1)
    ExampleVersion.objects.create(example=example, number=1, title="Klimaatweek", answers={"q_policy": "Begroting met de doelen."}, word_count=4)
    entry = Entry.objects.create(award_round=new, category=category, example=example)
    return {"jurors": jurors, "old_criteria": old_criteria, "round": new, "criteria": criteria, "entry": entry, "owner": owner, "category": category}


def test_8_9_7_gives_32_and_a_2025_criterion_is_refused_for_a_2026_entry(setting):
    juror, entry = setting["jurors"][0], setting["entry"]
    with pytest.raises(ServiceError, match="2025"):
        services.award_score(juror=juror, entry=entry, criterion=setting["old_criteria"][0], value=10)
    for criterion, value in zip(setting["criteria"], (8, 9, 7), strict=True):
        services.award_score(juror=juror, entry=entry, criterion=criterion, value=value)
    # a stray score on last year's criterion (as the generic admin let in) is never counted
    Score.objects.create(entry=entry, juror=juror, criterion=setting["old_criteria"][1], value=10)
    [result] = services.award_results(setting["round"])[setting["category"]]
    assert result.total == 32.0


def test_one_score_per_juror_per_criterion_is_a_database_constraint(setting):
    juror, entry, criterion = setting["jurors"][0], setting["entry"], setting["criteria"][0]
    Score.objects.create(entry=entry, juror=juror, criterion=criterion, value=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(entry=entry, juror=juror, criterion=criterion, value=6)


def test_the_jury_page_shows_the_entry_and_only_its_round_s_criteria_and_scores_change_until_closed(client, setting):
    juror, entry, criteria = setting["jurors"][0], setting["entry"], setting["criteria"]
    client.force_login(juror)
    url = reverse("menukaart:jury_entry", kwargs={"pk": entry.pk})
    body = client.get(url).content.decode()
    assert "Begroting met de doelen." in body and "Verbinding met de doelen (gewicht 2)" in body
    assert f'name="criterion_{setting["old_criteria"][0].pk}"' not in body
    fields = {f"criterion_{c.pk}": v for c, v in zip(criteria, ("8", "9", "7"), strict=True)}
    assert client.post(url, fields).status_code == 302
    assert client.post(url, {**fields, f"criterion_{criteria[2].pk}": ""}).status_code == 302  # empty removes
    assert sorted(Score.objects.filter(juror=juror).values_list("value", flat=True)) == [8, 9]
    response = client.post(url, {**fields, f"criterion_{criteria[0].pk}": "11"})
    assert response.status_code == 200 and "10" in response.content.decode()  # shown again with the error, values kept
    home = client.get(reverse("menukaart:jury")).content.decode()
    assert "Klimaatweek" in home and "2 van 3 criteria" in home
    setting["round"].jury_closed = True
    setting["round"].save()
    client.post(url, {**fields, f"criterion_{criteria[2].pk}": "7"})
    assert Score.objects.filter(juror=juror).count() == 2
    with pytest.raises(ServiceError):
        services.award_score_delete(juror=juror, entry=entry, criterion=criteria[0])


def test_outsiders_and_members_of_a_competing_municipality_cannot_judge(client, setting):
    entry = setting["entry"]
    client.force_login(UserFactory(coach=True))
    assert client.get(reverse("menukaart:jury_entry", kwargs={"pk": entry.pk})).status_code == 403
    competitor = setting["owner"]
    setting["round"].jury.add(competitor)
    client.force_login(competitor)
    assert client.get(reverse("menukaart:jury_entry", kwargs={"pk": entry.pk})).status_code == 403
    with pytest.raises(ServiceError):
        services.award_score(juror=competitor, entry=entry, criterion=setting["criteria"][0], value=10)
    assert competitor not in services.jury_candidates(setting["round"])
    assert services.jury_conflicts(setting["round"]) == [competitor]


def test_results_are_published_only_when_closed_and_complete_or_with_a_recorded_reason(client, setting):
    team = UserFactory(team=True)
    award_round, entry = setting["round"], setting["entry"]
    with pytest.raises(ServiceError, match="open"):
        services.award_publish(award_round=award_round, actor=team)
    award_round.entries_open = False
    award_round.save()
    for criterion in setting["criteria"]:
        services.award_score(juror=setting["jurors"][0], entry=entry, criterion=criterion, value=8)
    assert [(p.done, p.jurors) for p in services.jury_progress(award_round)] == [(1, 2)]
    client.force_login(team)
    url = reverse("menukaart:jury_round", kwargs={"year": 2026})
    response = client.post(url, {"publish": "1"})
    assert response.status_code == 200 and "1 inzending is nog niet door elk jurylid beoordeeld" in response.content.decode()
    award_round.refresh_from_db()
    assert not award_round.results_published
    client.post(url, {"publish": "1", "override": "Jurylid twee is ziek."})
    award_round.refresh_from_db()
    assert award_round.results_published and award_round.jury_closed and award_round.publish_override == "Jurylid twee is ziek."
    assert award_round.published_by == team
    page = client.get(reverse("menukaart:award", kwargs={"year": 2026})).content.decode()
    assert entry.example.get_absolute_url() in page


def test_a_juror_finds_the_jury_work_from_the_account_page(client, setting):
    client.force_login(setting["jurors"][1])
    body = client.get(reverse("accounts:home")).content.decode()
    assert reverse("menukaart:jury") in body


def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_adding_a_photo_saves_the_typed_answers_first_and_an_optional_field_says_so(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    client.force_login(member)
    url = reverse("menukaart_workspace:example_new", kwargs={"slug": member.municipality.slug})
    body = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in body
    attachments_block = body[body.index('id="attachments"') :]
    assert "(verplicht)" not in attachments_block and body.index('id="attachments"') < body.index('name="submit"')
    answers = {"title": "Klimaatweek", "q_policy": "Begroting.", "q_local": "Scholen.", "q_visibility": "Markt."}
    response = client.post(url, {**answers, "add_attachment": "1", "attachment": SimpleUploadedFile("markt.png", png_bytes()), "alt_text": ""})
    example = PracticeExample.objects.get(municipality=member.municipality)
    assert (example.q_policy, example.q_local, example.q_visibility) == ("Begroting.", "Scholen.", "Markt.")  # nothing lost
    assert not example.attachments.exists()  # a photo needs its description
    page = client.get(response["Location"]).content.decode()
    assert "Vertel wat er op de foto markt.png staat" in page and "Scholen." in page
    client.post(
        response["Location"].split("#")[0],
        {**answers, "q_regional": "Provincie.", "add_attachment": "1", "attachment": SimpleUploadedFile("markt.png", png_bytes()), "alt_text": "Kraam op de markt"},
    )
    example.refresh_from_db()
    assert example.q_regional == "Provincie." and example.attachments.get().alt_text == "Kraam op de markt"


def test_a_published_example_has_a_public_page_linked_from_format_profile_knowledge_and_workspace(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.knowledge.models import Article
    from apps.menukaart.models import ActionFormat, Category

    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    home = member.municipality
    example = services.example_save(municipality=home, user=member, data={"title": "Klimaatweek", "q_policy": "Wij koppelden de doelen aan de begroting. " * 12, "goals": [13]})
    services.attachment_add(municipality=home, example=example, upload=SimpleUploadedFile("markt.png", png_bytes()), alt_text="Kraam op de markt")
    services.example_submit(municipality=home, user=member, example=example)
    url = example.get_absolute_url()
    assert client.get(url).status_code == 404  # not yet published
    category = Category.objects.create(slug="c", name_nl="C", name_en="C")
    services.example_moderate(example=example, version=1, status="published", actor=UserFactory(team=True), new_format_category=category)
    body = client.get(url).content.decode()
    assert "Hoe heeft u de doelen verbonden met beleid of begroting?" in body and "Wij koppelden de doelen aan de begroting." in body
    assert 'alt="Kraam op de markt"' in body and home.display_name in body and "13" in body
    action_format = ActionFormat.objects.get(from_example=example)
    assert url in client.get(action_format.get_absolute_url()).content.decode()
    assert url in client.get(home.get_absolute_url()).content.decode()
    article = Article.objects.create(slug="a", title_nl="A", summary_nl="s", published=True)
    article.practice_examples.add(example)
    assert url in client.get(article.get_absolute_url()).content.decode()
    client.force_login(member)
    workspace = client.get(reverse("menukaart_workspace:example", kwargs={"slug": home.slug, "pk": example.pk})).content.decode()
    assert url in workspace and action_format.get_absolute_url() in workspace


def test_the_back_office_refuses_a_competitor_on_the_jury_and_offers_no_municipal_people(client, setting):
    client.force_login(UserFactory(team=True, is_superuser=True))
    url = reverse("admin:menukaart_awardround_change", args=[setting["round"].pk])
    body = client.get(url).content.decode()
    assert setting["jurors"][0].full_name in body and setting["owner"].email not in body  # the pool: coaches and team only
    assert reverse("menukaart:jury_round", kwargs={"year": 2026}) in body
    from apps.menukaart.admin import AwardRoundForm

    form = AwardRoundForm(instance=setting["round"], data={"year": 2026, "entries_open": "on", "jury": [setting["owner"].pk, setting["jurors"][0].pk]})
    assert not form.is_valid() and "jury" in form.errors
