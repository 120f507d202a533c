import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.core.exceptions import ServiceError
from apps.menukaart import services
from apps.menukaart.demo import load_demo
from apps.menukaart.models import ActionFormat, Activity, AwardCategory, AwardRound, Category, Criterion, PracticeExample
from apps.municipalities.models import Municipality
from tests.factories import MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db
TEXT = "Wij hebben de doelen verbonden met het beleid. " * 12


@pytest.fixture
def catalogue():
    load_demo(password="x")
    return ActionFormat.objects.all()


def make_format(slug, *, goals=(1,), category=None, **fields):
    category = category or Category.objects.get_or_create(slug="c", defaults={"name_nl": "C", "name_en": "C"})[0]
    f = ActionFormat.objects.create(
        slug=slug, category=category, title_nl=fields.pop("title_nl", slug), title_en=slug, summary_nl=fields.pop("summary_nl", "s"), summary_en="s",
        audience=fields.pop("audience", "residents"), effort=fields.pop("effort", "low"), cost="none", **fields,
    )
    f.goals.set(goals)
    return f


def test_demo_has_at_least_30_formats_over_every_category_and_goal(catalogue):
    assert catalogue.count() >= 30
    assert all(category.formats.exists() for category in Category.objects.all())
    assert set(catalogue.values_list("goals__number", flat=True)) == set(range(1, 18))
    assert not catalogue.filter(title_en="").exists() and not catalogue.filter(summary_en="").exists()


def test_filters_combine_and_search_finds_either_language(client, catalogue):
    results = services.format_list(goal=4, category="jeugd-onderwijs", audience="youth")
    assert results and all(f.category.slug == "jeugd-onderwijs" and f.audience == "youth" for f in results)
    assert [f.slug for f in services.format_list(query="kantine")] == ["duurzame-kantine"]
    assert "duurzame-kantine" in [f.slug for f in services.format_list(query="canteen")]
    body = client.get(reverse("menukaart:list"), {"doel": "14", "q": "rivier"}).content.decode()
    assert "Opruimactie langs rivier en kust" in body and "1 actieformat" in body or "1 action format" in body


@pytest.mark.postgres
def test_postgres_full_text_search_stems_dutch(catalogue):
    # "kantines" (plural) finds "kantine" only through Dutch stemming; ranked results, best first
    assert [f.slug for f in services.format_list(query="kantines")][0] == "duurzame-kantine"
    assert "repair-cafe" in [f.slug for f in services.format_list(query="vrijwilligers repareren")]


def test_list_and_detail_queries_are_constant(client, django_assert_max_num_queries):
    for i in range(3):
        make_format(f"a{i}", goals=(1, 2))
    detail = make_format("detail", goals=(3,))
    for _ in range(2):
        Activity.objects.create(municipality=MembershipFactory().municipality, action_format=detail, title="x", status="done", start_date=dt.date(2025, 1, 1))
    list_url, detail_url = reverse("menukaart:list"), detail.get_absolute_url()
    client.get(list_url), client.get(detail_url)
    with django_assert_max_num_queries(20) as small_list:
        client.get(list_url)
    with django_assert_max_num_queries(20) as small_detail:
        client.get(detail_url)
    for i in range(30):
        make_format(f"b{i}", goals=(4, 5, 6))
        Activity.objects.create(municipality=MembershipFactory().municipality, action_format=detail, title="y", status="done", start_date=dt.date(2025, 1, 1))
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        client.get(list_url)
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        client.get(detail_url)


def test_plan_an_activity_from_a_format(client, catalogue):
    member = UserFactory()
    client.force_login(member)
    slug = member.municipality.slug
    form_page = client.get(reverse("menukaart_workspace:activity_new", kwargs={"slug": slug}) + "?format=repair-cafe").content.decode()
    assert 'value="Repair Café ondersteunen"' in form_page
    repair = ActionFormat.objects.get(slug="repair-cafe")
    response = client.post(
        reverse("menukaart_workspace:activity_new", kwargs={"slug": slug}),
        {"title": "Repair Café in de bibliotheek", "action_format": repair.pk, "status": "planned", "start_date": "2027-03-14"},
    )
    activity = Activity.objects.get(title="Repair Café in de bibliotheek")
    assert response.status_code == 302 and activity.municipality == member.municipality
    assert sorted(g.number for g in activity.goals.all()) == sorted(g.number for g in repair.goals.all())
    assert b"BEGIN:VEVENT" in client.get(reverse("menukaart:ical", kwargs={"slug": slug})).content


def test_activity_rules_and_isolation(client):
    member = UserFactory()
    other = UserFactory()
    theirs = Activity.objects.create(municipality=other.municipality, title="Van de buren", status="planned")
    client.force_login(member)
    mine = reverse("menukaart_workspace:activity", kwargs={"slug": member.municipality.slug, "pk": theirs.pk})
    assert client.post(mine, {"title": "Overgenomen", "status": "done"}).status_code == 404
    assert client.post(reverse("menukaart_workspace:activity", kwargs={"slug": other.municipality.slug, "pk": theirs.pk}), {"title": "x"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Van de buren"
    with pytest.raises(ServiceError, match="end date|einddatum"):
        services.activity_save(municipality=member.municipality, user=member, data={"title": "x", "start_date": dt.date(2027, 5, 2), "end_date": dt.date(2027, 5, 1)})
    with pytest.raises(ServiceError):
        services.activity_save(municipality=member.municipality, user=member, data={"title": "x", "status": "done", "start_date": timezone.localdate() + dt.timedelta(days=9)})


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photos_are_checked_and_stripped(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    activity = Activity.objects.create(municipality=member.municipality, title="Markt", status="done", start_date=dt.date(2025, 5, 1))
    photo = services.photo_add(municipality=member.municipality, activity=activity, upload=SimpleUploadedFile("a.jpg", jpeg_with_location()), caption="Kraampjes op het plein")
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
    with pytest.raises(ServiceError, match="photo|foto"):
        services.photo_add(municipality=member.municipality, activity=activity, upload=SimpleUploadedFile("b.jpg", b"<html>not an image"), caption="x")
    big = SimpleUploadedFile("c.jpg", b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024))
    with pytest.raises(ServiceError, match="8 MB"):
        services.photo_add(municipality=member.municipality, activity=activity, upload=big, caption="x")
    with pytest.raises(ServiceError):
        services.photo_add(municipality=UserFactory().municipality, activity=activity, upload=SimpleUploadedFile("a.jpg", jpeg_with_location()), caption="x")


def test_suggestions_explain_themselves():
    home = MembershipFactory(municipality=municipality("GM0307"))  # Amersfoort, Utrecht province
    home.focus_goals.set([13])
    climate = make_format("klimaat", goals=(13,))
    popular = make_format("populair", goals=(4,))
    done = make_format("al-gedaan", goals=(13,))
    Activity.objects.create(municipality=home.municipality, action_format=done, title="x", status="done", start_date=dt.date(2025, 1, 1))
    peer = MembershipFactory(municipality=municipality("GM0344")).municipality  # Utrecht: same province
    Activity.objects.create(municipality=peer, action_format=popular, title="y", status="done", start_date=dt.date(2025, 1, 1))
    result = {s.action_format.slug: s for s in services.suggestions(home.municipality)}
    assert list(result)[0] == "klimaat"
    assert any("13" in r for r in result["klimaat"].reasons)
    assert any("province" in r or "provincie" in r for r in result["populair"].reasons)
    assert "al-gedaan" not in result
    assert climate.pk


def test_practice_example_versions_and_moderation(settings, django_capture_on_commit_callbacks):
    member = UserFactory()
    team = UserFactory(team=True)
    home = member.municipality
    example = services.example_save(municipality=home, user=member, data={"title": "Onze Global Goals-week", "q_policy": TEXT, "goals": [11]})
    assert example.status == PracticeExample.Status.DRAFT and example.version == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.example_submit(municipality=home, user=member, example=example)
    example.refresh_from_db()
    assert example.status == "submitted" and example.version == 1 and mail.outbox[-1].to == [settings.CAMPAIGN_TEAM_EMAIL]
    with pytest.raises(ServiceError):
        services.example_save(municipality=home, user=member, data={"title": "Stiekem"}, example=example)

    with pytest.raises(ServiceError, match="Say which|Zeg welke"):
        services.example_moderate(example=example, version=1, status="changes_requested", actor=team)
    with django_capture_on_commit_callbacks(execute=True):
        services.example_moderate(example=example, version=1, status="changes_requested", actor=team, message="Graag iets over de kosten.")
    assert mail.outbox[-1].to == [member.email] and "Graag iets over de kosten." in mail.outbox[-1].body
    example.refresh_from_db()
    services.example_save(municipality=home, user=member, data={"title": "Onze Global Goals-week", "q_policy": TEXT + " Het kostte 15.000 euro.", "goals": [11, 17]}, example=example)
    services.example_submit(municipality=home, user=member, example=example)
    example.refresh_from_db()
    assert example.version == 2 and example.versions.count() == 2
    assert "15.000" not in example.versions.get(number=1).answers["q_policy"]

    with pytest.raises(ServiceError, match="version 2|versie 2"):  # a moderator still looking at version 1
        services.example_moderate(example=example, version=1, status="published", actor=team, new_format_category=Category.objects.create(slug="x", name_nl="X", name_en="X"))
    category = Category.objects.get(slug="x")
    published = services.example_moderate(example=example, version=2, status="published", actor=team, new_format_category=category)
    new_format = published.action_format
    assert new_format.from_example == example and home.display_name in new_format.description_nl
    assert sorted(g.number for g in new_format.goals.all()) == [11, 17]
    with pytest.raises(ServiceError):
        services.example_moderate(example=example, version=2, status="declined", actor=team)


def test_attachments_are_checked(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    example = services.example_save(municipality=member.municipality, user=member, data={"title": "x"})
    with pytest.raises(ServiceError, match="10 MB"):
        services.attachment_add(municipality=member.municipality, example=example, upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024)))
    with pytest.raises(ServiceError):
        services.attachment_add(municipality=member.municipality, example=example, upload=SimpleUploadedFile("foto.png", b"GIF89a....."))
    with pytest.raises(ServiceError):
        services.attachment_add(municipality=member.municipality, example=example, upload=SimpleUploadedFile("x.exe", b"MZ"))
    ok = services.attachment_add(municipality=member.municipality, example=example, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"))
    assert ok.name == "plan.pdf" and not ok.is_image


def test_award_entries_scores_and_ties():
    member = UserFactory()
    jurors = [UserFactory(coach=True), UserFactory(coach=True)]
    award_round = AwardRound.objects.create(year=2026)
    award_round.jury.set(jurors)
    impact = Criterion.objects.create(award_round=award_round, name_nl="Impact", name_en="Impact", weight=2)
    cooperation = Criterion.objects.create(award_round=award_round, name_nl="Samenwerking", name_en="Cooperation", weight=1)
    category = AwardCategory.objects.create(slug="verbinder", name_nl="Verbinder", name_en="Connector", description_nl="d", description_en="d")
    draft = services.example_save(municipality=member.municipality, user=member, data={"title": "concept"})
    with pytest.raises(ServiceError, match="published|gepubliceerd"):
        services.award_enter(municipality=member.municipality, example=draft, award_round=award_round, category=category)
    entries = []
    for title in ("A", "B", "C"):
        owner = UserFactory()
        example = PracticeExample.objects.create(municipality=owner.municipality, title=title, status="published", version=1)
        entries.append(services.award_enter(municipality=owner.municipality, example=example, award_round=award_round, category=category))
    with pytest.raises(ServiceError):
        services.award_score(juror=member, entry=entries[0], criterion=impact, value=8)
    with pytest.raises(ServiceError):
        services.award_score(juror=jurors[0], entry=entries[0], criterion=impact, value=11)
    # A: (8*2+6) and (7*2+8) -> 22, 22 -> 22.0 ; B: 22, 22 -> 22.0 (tie with A) ; C: 10, 12 -> 11.0
    for juror, values in zip(jurors, [((8, 6), (8, 6), (3, 4)), ((7, 8), (7, 8), (4, 4))], strict=True):
        for entry, (a, b) in zip(entries, values, strict=True):
            services.award_score(juror=juror, entry=entry, criterion=impact, value=a)
            services.award_score(juror=juror, entry=entry, criterion=cooperation, value=b)
    ranked = services.award_results(award_round)[category]
    assert [(r.entry.example.title, r.total, r.rank, r.tied) for r in ranked] == [("A", 22.0, 1, True), ("B", 22.0, 1, True), ("C", 11.0, 3, False)]


def test_award_page_only_when_published(client, catalogue):
    award_round = AwardRound.objects.filter(results_published=True).first()
    assert client.get(reverse("menukaart:award", kwargs={"year": award_round.year})).status_code == 200
    hidden = AwardRound.objects.exclude(pk=award_round.pk).first()
    assert client.get(reverse("menukaart:award", kwargs={"year": hidden.year})).status_code == 404


def test_profile_shows_public_activities_only(client):
    membership = MembershipFactory()
    Activity.objects.create(municipality=membership.municipality, title="Openbare markt", status="planned", start_date=dt.date(2027, 1, 1))
    Activity.objects.create(municipality=membership.municipality, title="Intern idee", status="idea")
    body = client.get(membership.municipality.get_absolute_url()).content.decode()
    assert "Openbare markt" in body and "Intern idee" not in body
    assert Municipality.objects.count() > 300


def test_an_answer_over_the_size_limit_is_refused_and_kept(client):
    member = UserFactory()
    client.force_login(member)
    huge = "woord " * 3000
    response = client.post(reverse("menukaart_workspace:example_new", kwargs={"slug": member.municipality.slug}), {"title": "Lang", "q_policy": huge})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_q_policy_error"' in body and huge.strip()[:500] in body
    assert not PracticeExample.objects.exists()


def test_a_sent_in_example_shows_its_text_and_takes_no_attachments(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    example = services.example_save(municipality=member.municipality, user=member, data={"title": "Markt", "q_policy": TEXT})
    services.example_submit(municipality=member.municipality, user=member, example=example)
    client.force_login(member)
    body = client.get(reverse("menukaart_workspace:example", kwargs={"slug": member.municipality.slug, "pk": example.pk})).content.decode()
    assert TEXT.strip()[:100] in body and 'name="submit"' not in body
    example.refresh_from_db()
    with pytest.raises(ServiceError):
        services.attachment_add(municipality=member.municipality, example=example, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"))


def admin_form_data(html: str) -> dict:
    """The hidden and text inputs of a back-office change form (management forms of the inlines included)."""
    import re

    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag and "csrfmiddlewaretoken" not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    return data


def test_a_moderator_on_a_stale_version_is_stopped_in_the_back_office_and_nothing_is_lost(client):
    member = UserFactory()
    team = UserFactory(team=True, is_superuser=True)
    home = member.municipality
    example = services.example_save(municipality=home, user=member, data={"title": "Week", "q_policy": TEXT})
    services.example_submit(municipality=home, user=member, example=example)
    services.example_moderate(example=example, version=1, status="changes_requested", actor=team, message="Meer graag.")
    client.force_login(team)
    url = reverse("admin:menukaart_practiceexample_change", args=[example.pk])
    form = admin_form_data(client.get(url).content.decode())  # the moderator opens version 1 ...
    assert form["reviewed_version"] == "1"
    example.refresh_from_db()
    services.example_save(municipality=home, user=member, data={"title": "Week", "q_policy": TEXT + " Nieuw."}, example=example)
    services.example_submit(municipality=home, user=member, example=example)  # ... the municipality sends in version 2
    response = client.post(url, {**form, "decision": "declined", "message": "Helaas."}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "versie 2 ingestuurd sinds u versie 1 opende" in body
    assert "Helaas.</textarea>" in body  # the form comes back with the decision and message kept
    example.refresh_from_db()
    assert example.status == "submitted" and example.version == 2
    assert not example.events.filter(status="declined").exists()


def test_publishing_without_a_format_keeps_the_decision_and_message_and_shows_the_submission(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = UserFactory()
    team = UserFactory(team=True, is_superuser=True)
    home = member.municipality
    example = services.example_save(municipality=home, user=member, data={"title": "Week", "q_policy": TEXT})
    services.attachment_add(municipality=home, example=example, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"))
    services.example_submit(municipality=home, user=member, example=example)
    services.example_moderate(example=example, version=1, status="changes_requested", actor=team, message="Meer graag.")
    example.refresh_from_db()
    services.example_save(municipality=home, user=member, data={"title": "Week", "q_policy": TEXT + " Het kostte 15.000 euro."}, example=example)
    services.example_submit(municipality=home, user=member, example=example)
    client.force_login(team)
    url = reverse("admin:menukaart_practiceexample_change", args=[example.pk])
    body = client.get(url).content.decode()
    assert "Hoe heeft u de doelen verbonden met beleid of begroting?" in body  # under the question headings
    assert "<ins" in body and "15.000" in body and "plan.pdf" in body  # the diff with version 1, the attachment
    assert "object (" not in body
    form = admin_form_data(body)
    response = client.post(url, {**form, "decision": "published", "message": "Mooi, dank u."})
    body = response.content.decode()
    assert response.status_code == 200 and "Mooi, dank u.</textarea>" in body and 'value="published" selected' in body
    example.refresh_from_db()
    assert example.status == "submitted"


def test_the_dashboard_shows_the_campaign_team_s_message(client):
    member = UserFactory()
    team = UserFactory(team=True)
    example = services.example_save(municipality=member.municipality, user=member, data={"title": "Markt", "q_policy": TEXT})
    services.example_submit(municipality=member.municipality, user=member, example=example)
    services.example_moderate(example=example, version=1, status="changes_requested", actor=team, message="Vertel ook wat het kostte.")
    client.force_login(member)
    body = client.get(reverse("menukaart_workspace:dashboard", kwargs={"slug": member.municipality.slug})).content.decode()
    assert "Vertel ook wat het kostte." in body


def test_the_back_office_score_list_is_read_only(client):
    """Scores are given on the jury page; the generic admin offers no add or change form any more."""
    juror = UserFactory(coach=True, is_staff=True)
    from apps.menukaart.admin import jury_group_ensure

    jury_group_ensure().user_set.add(juror)
    client.force_login(juror)
    assert client.get(reverse("admin:menukaart_score_add")).status_code == 403


def test_profile_shows_activity_photos_and_the_list_links_the_award(client, settings, tmp_path, catalogue):
    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory()
    activity = Activity.objects.create(municipality=membership.municipality, title="Markt met foto", status="done", start_date=dt.date(2025, 5, 1))
    services.photo_add(municipality=membership.municipality, activity=activity, upload=SimpleUploadedFile("a.jpg", jpeg_with_location()), caption="Kraampjes op het plein")
    body = client.get(membership.municipality.get_absolute_url()).content.decode()
    assert 'alt="Kraampjes op het plein"' in body
    year = AwardRound.objects.filter(results_published=True).first().year
    assert reverse("menukaart:award", kwargs={"year": year}) in client.get(reverse("menukaart:list")).content.decode()


def test_a_published_example_shows_the_award_criteria_before_entering(client):
    member = UserFactory()
    award_round = AwardRound.objects.create(year=2032, entries_open=True)
    Criterion.objects.create(award_round=award_round, name_nl="Verbinding met de begroting", name_en="Link with the budget", weight=2)
    AwardCategory.objects.create(slug="visionair-x", name_nl="Visionair", name_en="Visionary", description_nl="d", description_en="d")
    example = PracticeExample.objects.create(municipality=member.municipality, title="Gepubliceerd", status="published", version=1, created_by=member)
    client.force_login(member)
    body = client.get(reverse("menukaart_workspace:example", kwargs={"slug": member.municipality.slug, "pk": example.pk})).content.decode()
    assert "Verbinding met de begroting (gewicht 2)" in body and "Visionair" in body


def test_the_list_runs_the_same_queries_for_2_and_20_formats_with_their_goal_badges(client, django_assert_max_num_queries):
    """The cards' goal badges come from one query on the through table and the filter's goals (no prefetch per page)."""
    for index in range(2):
        make_format(f"f{index}", goals=(index + 1, 13))
    client.get("/menukaart/")
    with django_assert_max_num_queries(99) as captured:
        client.get("/menukaart/")
    with_2 = len(captured.captured_queries)
    for index in range(2, 20):
        make_format(f"f{index:02}", goals=(index % 17 + 1,))
    with django_assert_max_num_queries(with_2):
        response = client.get("/menukaart/?doel=13")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="goal-badge__number">1</span>' in html and '<span class="goal-badge__number">13</span>' in html
    assert html.index('<span class="goal-badge__number">1</span>') < html.index('<span class="goal-badge__number">13</span>')
