import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import ServiceError
from apps.programmes import selectors, services
from apps.programmes.models import (
    Attendance,
    Deliverable,
    Guide,
    Post,
    Programme,
    Registration,
    Resource,
    SentReminder,
    Session,
    Submission,
)
from tests.factories import AccessGrantFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(monkeypatch):
    """E-mail and tasks are queued on commit; the test transaction never commits, so run them at once."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


TEXT = "\n\n".join(["Wij werkten samen met inwoners en partners aan een inclusieve gemeente. " * 8] * 6)


def make_programme(**fields):
    today = timezone.localdate()
    defaults = {
        "slug": "pilot",
        "title_nl": "Pilot inclusie",
        "title_en": "Pilot inclusion",
        "summary_nl": "Samen leren.",
        "capacity": 2,
        "published": True,
        "registration_opens": today - dt.timedelta(days=5),
        "registration_closes": today + dt.timedelta(days=5),
    }
    defaults.update(fields)
    programme = Programme.objects.create(**defaults)
    Session.objects.create(
        programme=programme,
        title_nl="Aftrap",
        date=today + dt.timedelta(days=20),
        start_time=dt.time(13, 30),
        end_time=dt.time(15, 30),
        meeting_url="https://teams.example.org/meet/1",
    )
    Deliverable.objects.create(programme=programme, title_nl="Best practice", words_min=400, words_max=600, deadline=today + dt.timedelta(days=40))
    return programme


def confirmed(programme, user=None):
    user = user or UserFactory()
    registration = services.registration_create(programme=programme, municipality=user.municipality, user=user)
    return services.registration_confirm(registration=registration), user


# --- the back office's input ------------------------------------------------------------------


def test_meeting_link_must_be_https_with_a_clear_message():
    programme = make_programme()
    session = Session(
        programme=programme,
        title_nl="x",
        date=dt.date(2030, 1, 1),
        start_time=dt.time(10),
        end_time=dt.time(12),
        meeting_url="teams.microsoft.com/meet",
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "https://" in str(error.value.message_dict["meeting_url"][0])
    session.meeting_url = "http://teams.microsoft.com/meet"
    with pytest.raises(ValidationError):
        session.full_clean()
    session.meeting_url = "https://teams.microsoft.com/l/meetup-join/abc"
    session.full_clean()
    session.end_time = dt.time(9)
    with pytest.raises(ValidationError):
        session.full_clean()


def test_admin_refuses_a_malformed_meeting_link_and_keeps_the_input(client):
    team = UserFactory(team=True, is_superuser=True)
    client.force_login(team)
    data = {
        "title_nl": "Nieuw programma",
        "title_en": "",
        "slug": "nieuw",
        "summary_nl": "Kort",
        "summary_en": "",
        "description_nl": "",
        "description_en": "",
        "partners": "",
        "published": "on",
        "eligibility": "municipalities",
        "capacity": "5",
        "registration_opens": "",
        "registration_closes": "",
        "focus_prompt_nl": "",
        "focus_prompt_en": "",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-0-title_nl": "Aftrap",
        "sessions-0-date": "2030-04-13",
        "sessions-0-start_time": "13:30",
        "sessions-0-end_time": "15:30",
        "sessions-0-meeting_url": "javascript:alert(1)",
        "deliverables-TOTAL_FORMS": "0",
        "deliverables-INITIAL_FORMS": "0",
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:programmes_programme_add"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "https://" in body and "Aftrap" in body
    assert not Programme.objects.filter(slug="nieuw").exists()
    data["sessions-0-meeting_url"] = "https://teams.microsoft.com/l/meetup-join/abc"
    response = client.post(reverse("admin:programmes_programme_add"), data)
    assert response.status_code == 302
    assert Programme.objects.get(slug="nieuw").sessions.get().meeting_url.startswith("https://")


# --- registration -----------------------------------------------------------------------------


def test_register_confirm_and_everyone_gets_email():
    programme = make_programme()
    user = UserFactory()
    registration = services.registration_create(programme=programme, municipality=user.municipality, user=user, contact_email="team@gemeente.example")
    assert registration.status == Registration.Status.PENDING
    recipients = {address for m in mail.outbox for address in m.to}
    assert {"team@gemeente.example", user.email.lower()} <= recipients
    assert any("campagneteam" in address for address in recipients)
    mail.outbox.clear()
    registration = services.registration_confirm(registration=registration)
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox and "bevestigd" in mail.outbox[0].subject


def test_registration_refused_after_window_twice_and_by_non_municipality():
    programme = make_programme(
        registration_closes=timezone.localdate() - dt.timedelta(days=1), registration_opens=timezone.localdate() - dt.timedelta(days=30)
    )
    user = UserFactory()
    with pytest.raises(ServiceError, match="gesloten|closed"):
        services.registration_create(programme=programme, municipality=user.municipality, user=user)
    programme.registration_closes = timezone.localdate() + dt.timedelta(days=3)
    programme.save()
    services.registration_create(programme=programme, municipality=user.municipality, user=user)
    colleague = UserFactory(municipality=user.municipality)
    with pytest.raises(ServiceError, match="al aangemeld|already registered"):
        services.registration_create(programme=programme, municipality=user.municipality, user=colleague)
    coach = AccessGrantFactory(municipality=MembershipFactory().municipality).user
    with pytest.raises(ServiceError, match="werkt|works"):
        services.registration_create(programme=programme, municipality=coach.access_grants.get().municipality, user=coach)
    other = UserFactory()
    with pytest.raises(ServiceError):
        services.registration_create(programme=programme, municipality=user.municipality, user=other)
    assert Registration.objects.count() == 1


def test_registration_not_yet_open():
    programme = make_programme(registration_opens=timezone.localdate() + dt.timedelta(days=3))
    user = UserFactory()
    with pytest.raises(ServiceError, match="vanaf|opens"):
        services.registration_create(programme=programme, municipality=user.municipality, user=user)


def test_full_programme_puts_the_next_on_the_waiting_list_and_confirm_respects_capacity():
    programme = make_programme(capacity=1)
    first, _user = confirmed(programme)
    user = UserFactory()
    second = services.registration_create(programme=programme, municipality=user.municipality, user=user)
    assert second.status == Registration.Status.WAITLISTED
    assert "wachtlijst" in mail.outbox[-2].subject.lower() or any("wachtlijst" in m.subject.lower() for m in mail.outbox)
    with pytest.raises(ServiceError, match="plaatsen|places"):
        services.registration_confirm(registration=second)
    services.registration_cancel(registration=first)
    services.registration_confirm(registration=second)
    assert Registration.objects.get(pk=second.pk).status == Registration.Status.CONFIRMED
    # registering again after a cancellation reuses the row
    again = services.registration_create(programme=programme, municipality=first.municipality, user=first.registered_by)
    assert again.pk == first.pk and again.status == Registration.Status.WAITLISTED


def test_members_only_programme():
    programme = make_programme(eligibility=Programme.Eligibility.MEMBERS)
    user = UserFactory()
    user.municipality.membership.delete()
    user.municipality.refresh_from_db()
    from apps.municipalities.models import Municipality

    municipality = Municipality.objects.get(pk=user.municipality_id)
    with pytest.raises(ServiceError, match="lid zijn|member"):
        services.registration_create(programme=programme, municipality=municipality, user=user)


def test_cohort_is_for_young_challengers_each_person_registers():
    from apps.youngchallengers.models import YoungChallenger

    programme = make_programme(eligibility=Programme.Eligibility.YOUNG_CHALLENGERS, capacity=10)
    user = UserFactory()
    with pytest.raises(ServiceError, match="YoungChallenger"):
        services.registration_create(programme=programme, municipality=user.municipality, user=user)
    YoungChallenger.objects.create(user=user, municipality=user.municipality)
    colleague = UserFactory(municipality=user.municipality)
    YoungChallenger.objects.create(user=colleague, municipality=user.municipality)
    one = services.registration_create(programme=programme, municipality=user.municipality, user=user)
    two = services.registration_create(programme=programme, municipality=user.municipality, user=colleague)
    assert one.participant == user and two.participant == colleague
    with pytest.raises(ServiceError):
        services.registration_create(programme=programme, municipality=user.municipality, user=user)


def test_register_view_shows_reason_and_registers(client):
    programme = make_programme(focus_prompt_nl="Welke focus kiest u?")
    user = UserFactory()
    client.force_login(user)
    url = reverse("programmes_workspace:register", kwargs={"slug": user.municipality.slug, "programme": programme.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"contact_email": "niet-een-adres"})
    assert response.status_code == 200 and "e-mailadres" in response.content.decode()
    response = client.post(url, {"contact_email": "globalgoals@gemeente.example", "motivation": "Wij willen leren.", "focus": "Ouderen"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.contact_email == "globalgoals@gemeente.example" and registration.focus == "Ouderen"
    body = client.get(url).content.decode()
    assert "al aangemeld" in body
    response = client.post(url, {"contact_email": "globalgoals@gemeente.example"})
    assert "al aangemeld" in response.content.decode()
    assert Registration.objects.count() == 1


def test_coach_sees_why_they_cannot_register(client):
    programme = make_programme()
    grant = AccessGrantFactory()
    client.force_login(grant.user)
    url = reverse("programmes_workspace:register", kwargs={"slug": grant.municipality.slug, "programme": programme.slug})
    body = client.get(url).content.decode()
    assert "Alleen iemand die werkt voor" in body
    response = client.post(url, {"contact_email": "coach@example.org"})
    assert response.status_code == 403  # apps.core.permissions.may_register says no before the form is read
    assert not Registration.objects.exists()


# --- texts ------------------------------------------------------------------------------------


def test_text_drafts_versions_review_and_lock_after_acceptance():
    programme = make_programme()
    registration, user = confirmed(programme)
    grant = AccessGrantFactory(municipality=registration.municipality)
    coach = grant.user
    deliverable = programme.deliverables.get()
    submission = services.submission_for(deliverable=deliverable, registration=registration)
    with pytest.raises(ServiceError, match="titel|title"):
        services.submission_submit(submission=submission, user=user)
    submission = services.submission_save(submission=submission, user=user, data={"title": "Onze aanpak", "text": TEXT, "goals": [10]})
    mail.outbox.clear()
    version = services.submission_submit(submission=submission, user=user)
    assert version.number == 1 and not version.late and version.word_count == submission.word_count
    assert any(coach.email in m.to for m in mail.outbox)
    with pytest.raises(ServiceError, match="coach"):
        services.submission_save(submission=Submission.objects.get(pk=submission.pk), user=user, data={"text": "weg"})
    with pytest.raises(ServiceError):
        services.submission_review(submission=submission, user=user, decision="accepted")  # not a coach
    with pytest.raises(ServiceError, match="welke|which"):
        services.submission_review(submission=submission, user=coach, decision="changes_requested", message="")
    comment = services.submission_comment(submission=Submission.objects.get(pk=submission.pk), user=coach, body="Concreter graag.", paragraph=2)
    assert comment.paragraph == 2 and comment.version == 1
    with pytest.raises(ServiceError):
        services.submission_comment(submission=submission, user=coach, body="x", paragraph=99)
    services.submission_review(submission=submission, user=coach, decision="changes_requested", message="Voeg een tip toe.", version=1)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.CHANGES_REQUESTED and submission.editable
    services.submission_save(submission=submission, user=user, data={"text": TEXT + "\n\nTip: begin klein."})
    services.submission_submit(submission=Submission.objects.get(pk=submission.pk), user=user)
    with pytest.raises(ServiceError, match="nieuwere|newer"):
        services.submission_review(submission=submission, user=coach, decision="accepted", version=1)
    services.submission_review(submission=submission, user=coach, decision="accepted", version=2)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED and submission.versions.count() == 2
    with pytest.raises(ServiceError, match="geaccepteerd|accepted"):
        services.submission_save(submission=submission, user=user, data={"text": "nieuw"})
    with pytest.raises(ServiceError, match="geaccepteerd|accepted"):
        services.submission_submit(submission=submission, user=user)
    assert submission.versions.get(number=2).text.endswith("begin klein.")


def test_late_submission_is_accepted_and_marked():
    programme = make_programme()
    registration, user = confirmed(programme)
    deliverable = programme.deliverables.get()
    submission = services.submission_for(deliverable=deliverable, registration=registration)
    services.submission_save(submission=submission, user=user, data={"title": "Laat", "text": TEXT})
    version = services.submission_submit(submission=submission, user=user, now=deliverable.deadline_at + dt.timedelta(hours=1))
    submission.refresh_from_db()
    assert version.late and submission.late and submission.status == Submission.Status.SUBMITTED


def test_deliverable_page_after_acceptance_refuses_edit_clearly(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    deliverable = programme.deliverables.get()
    submission = services.submission_for(deliverable=deliverable, registration=registration)
    services.submission_save(submission=submission, user=user, data={"title": "Tekst", "text": TEXT})
    services.submission_submit(submission=submission, user=user)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.ACCEPTED, accepted_at=timezone.now())
    client.force_login(user)
    url = reverse("programmes_workspace:deliverable", kwargs={"slug": user.municipality.slug, "programme": programme.slug, "pk": deliverable.pk})
    response = client.post(url, {"title": "Anders", "text": "Nieuwe tekst", "save": "1"}, follow=True)
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).text == TEXT.strip()


def test_deliverable_page_save_submit_and_coach_review_through_views(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    coach = AccessGrantFactory(municipality=registration.municipality).user
    deliverable = programme.deliverables.get()
    kwargs = {"slug": user.municipality.slug, "programme": programme.slug, "pk": deliverable.pk}
    client.force_login(user)
    url = reverse("programmes_workspace:deliverable", kwargs=kwargs)
    body = client.get(url).content.decode()
    assert "data-word-count-form" in body and "programmes/wordcount" in body and "<script>" not in body
    client.post(url, {"title": "Onze aanpak", "text": TEXT, "goals": ["10"], "save": "1"})
    assert Submission.objects.get().status == Submission.Status.DRAFT
    response = client.post(url, {"title": "Onze aanpak", "text": TEXT, "goals": ["10"], "submit": "1"}, follow=True)
    assert "Versie 1 is ingestuurd" in response.content.decode()
    client.force_login(coach)
    body = client.get(url).content.decode()
    assert "Versie 1 beoordelen" in body and 'id="alinea-2"' in body
    client.post(reverse("programmes_workspace:comment", kwargs=kwargs), {"body": "Mooi begin.", "paragraph": "1"})
    client.post(reverse("programmes_workspace:review", kwargs=kwargs), {"decision": "changes_requested", "message": "Iets korter.", "version": "1"})
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.CHANGES_REQUESTED and submission.comments.count() == 2
    # the coach cannot write the text
    client.post(url, {"title": "Coach", "text": "overschreven", "save": "1"})
    assert Submission.objects.get().title == "Onze aanpak"


# --- session pages, calendars, attendance -------------------------------------------------------


def test_session_posts_only_for_confirmed_participants_and_double_click_safe(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    session = programme.sessions.get()
    client.force_login(user)
    url = reverse("programmes_workspace:session", kwargs={"slug": user.municipality.slug, "programme": programme.slug, "pk": session.pk})
    for _ in range(2):
        client.post(url, {"kind": "question", "body": "Wie heeft een goed voorbeeld?"})
    assert Post.objects.count() == 1
    other = UserFactory()
    services.registration_create(programme=programme, municipality=other.municipality, user=other)
    client.force_login(other)
    assert (
        client.get(
            reverse("programmes_workspace:session", kwargs={"slug": other.municipality.slug, "programme": programme.slug, "pk": session.pk})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("programmes_workspace:session", kwargs={"slug": user.municipality.slug, "programme": programme.slug, "pk": session.pk}),
            {"kind": "note", "body": "x"},
        ).status_code
        == 403
    )


def test_ics_per_session_and_feed(client):
    from icalendar import Calendar

    programme = make_programme()
    registration, user = confirmed(programme)
    session = programme.sessions.get()
    client.force_login(user)
    response = client.get(
        reverse("programmes_workspace:session_ics", kwargs={"slug": user.municipality.slug, "programme": programme.slug, "pk": session.pk})
    )
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at and "teams.example.org" in str(event["location"])
    feed = client.get(reverse("programmes_workspace:feed", kwargs={"slug": user.municipality.slug, "programme": programme.slug}))
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    public = client.get(reverse("programmes:ical", kwargs={"slug": programme.slug}))
    assert b"teams.example.org" not in public.content and len(Calendar.from_ical(public.content).walk("VEVENT")) == 1


def test_programme_page_shows_sessions_attendance_focus_and_countdown(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    session = programme.sessions.get()
    Attendance.objects.create(session=session, registration=registration, present=True)
    Resource.objects.create(programme=programme, kind="abroad", title="Barcelona inclusief", url="https://example.org/bcn", country="Spanje")
    client.force_login(user)
    url = reverse("programmes_workspace:programme", kwargs={"slug": user.municipality.slug, "programme": programme.slug})
    client.post(
        reverse("programmes_workspace:focus", kwargs={"slug": user.municipality.slug, "programme": programme.slug}),
        {"focus": "Mensen met een beperking"},
    )
    body = client.get(url).content.decode()
    assert "Mensen met een beperking" in body and "nog 40 dagen" in body and "aanwezig" in body and "Barcelona inclusief" in body


# --- reminders --------------------------------------------------------------------------------


def test_reminders_go_out_once_even_when_the_task_runs_again():
    programme = make_programme()
    registration, user = confirmed(programme)
    session = programme.sessions.get()
    mail.outbox.clear()
    now = session.starts_at - dt.timedelta(hours=20)
    assert services.reminder_send(kind="session", target_id=session.pk, now=now) == 1
    assert services.reminder_send(kind="session", target_id=session.pk, now=now) == 0  # a restarted worker
    assert services.reminders_due(now=now) == 0
    assert len([m for m in mail.outbox if "Morgen" in m.subject]) == 1
    assert SentReminder.objects.count() == 1
    # too early: nothing
    assert services.reminder_send(kind="session", target_id=session.pk, now=session.starts_at - dt.timedelta(days=3)) == 0
    deliverable = programme.deliverables.get()
    soon = deliverable.deadline_at - dt.timedelta(days=5)
    assert services.reminders_due(now=soon) == 1
    assert services.reminders_due(now=soon) == 0


def test_deadline_reminder_skips_who_already_sent_in():
    programme = make_programme()
    registration, user = confirmed(programme)
    deliverable = programme.deliverables.get()
    submission = services.submission_for(deliverable=deliverable, registration=registration)
    services.submission_save(submission=submission, user=user, data={"title": "T", "text": TEXT})
    services.submission_submit(submission=submission, user=user)
    assert services.reminder_send(kind="deadline", target_id=deliverable.pk, now=deliverable.deadline_at - dt.timedelta(days=2)) == 0


def test_reminders_are_scheduled_with_run_after_on_the_database_queue(settings):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_backends._settings = None  # reload
    try:
        task_backends.__dict__.pop("settings", None)
        programme = make_programme()
        queued = services.reminders_schedule(programme=programme)
        assert queued == 2
        assert services.reminders_schedule(programme=programme) == 0
        session = programme.sessions.get()
        result = DBTaskResult.objects.get(args_kwargs__args=["session", session.pk])
        assert result.run_after == session.starts_at - services.SESSION_REMINDER_BEFORE
    finally:
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# --- guide ------------------------------------------------------------------------------------


def accepted_programme(n: int = 2):
    programme = make_programme(capacity=n)
    coach = UserFactory(team=True)
    for i in range(n):
        registration, user = confirmed(programme)
        registration.focus = f"Focus {i}"
        registration.save()
        submission = services.submission_for(deliverable=programme.deliverables.get(), registration=registration)
        services.submission_save(
            submission=submission,
            user=user,
            data={
                "title": f"Voorbeeld {i}",
                "text": TEXT,
                "title_en": "Example" if i == 0 else "",
                "text_en": "An English text.\n\nSecond paragraph." if i == 0 else "",
                "goals": [10, 11],
            },
        )
        services.submission_submit(submission=submission, user=user)
        services.submission_review(submission=submission, user=coach, decision="accepted")
    return programme


def test_guide_pdf_with_cover_contents_chapters_and_page_numbers():
    from pypdf import PdfReader

    programme = accepted_programme(2)
    guide = services.guide_for(programme)
    guide.intro_nl = "## Waarom\n\nDeze handreiking bundelt goede voorbeelden."
    guide.intro_en = "This guide brings together good examples."
    guide.save()
    assert services.guide_generate(guide=guide)
    guide.refresh_from_db()
    assert guide.status == Guide.Status.READY and guide.chapters.count() == 2
    reader = PdfReader(io.BytesIO(guide.pdf_nl.read()))
    pages = [page.extract_text() for page in reader.pages]
    assert guide.pages_nl == len(pages) >= 5
    assert "Handreiking" in pages[0]
    contents = pages[1]
    assert "Inhoud" in contents and "Voorbeeld 0" in contents and "Voorbeeld 1" in contents
    chapter_page = next(i for i, text in enumerate(pages) if "1. Voorbeeld" in text and i > 1)
    assert str(chapter_page + 1) in contents  # target-counter gives the real page number
    assert pages[chapter_page].strip().endswith(str(chapter_page + 1)) or str(chapter_page + 1) in pages[chapter_page]
    english = PdfReader(io.BytesIO(guide.pdf_en.read()))
    text = " ".join(p.extract_text() for p in english.pages)
    assert "Contents" in text and "An English text." in text and "Dutch only" in text
    # one click again while it runs changes nothing
    Guide.objects.filter(pk=guide.pk).update(status=Guide.Status.GENERATING)
    assert not services.guide_generate(guide=guide)


def test_publishing_the_guide_creates_the_knowledge_article_and_public_pages(client):
    from apps.knowledge.models import Article

    programme = accepted_programme(1)
    guide = services.guide_for(programme)
    with pytest.raises(ServiceError):
        services.guide_publish(guide=guide)
    services.guide_generate(guide=guide)
    guide.refresh_from_db()
    services.guide_publish(guide=guide)
    article = Article.objects.get(kind="guide", slug=f"handreiking-{programme.slug}")
    assert article.published and article.url.endswith(guide.get_absolute_url()) and article.goals.filter(number=10).exists()
    body = client.get(reverse("programmes:guide", kwargs={"slug": programme.slug})).content.decode()
    assert "Voorbeeld 0" in body and "Inhoud" in body
    pdf = client.get(reverse("programmes:guide_pdf", kwargs={"slug": programme.slug, "language": "nl"}))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("programmes:guide_pdf", kwargs={"slug": programme.slug, "language": "de"})).status_code == 404
    services.guide_publish(guide=guide, published=False)
    assert not Article.objects.get(pk=article.pk).published
    assert client.get(reverse("programmes:guide", kwargs={"slug": programme.slug})).status_code == 404


def test_guide_admin_generate_button(client):
    programme = accepted_programme(1)
    guide = services.guide_for(programme)
    client.force_login(UserFactory(team=True, is_superuser=True))
    url = reverse("admin:programmes_guide_change", args=[guide.pk])
    page = client.get(url)
    assert "_generate" in page.content.decode()
    chapter = guide.chapters.first()
    data = {
        "title_nl": guide.title_nl,
        "title_en": "",
        "subtitle_nl": "",
        "subtitle_en": "",
        "intro_nl": "Inleiding",
        "intro_en": "",
        "chapters-TOTAL_FORMS": "1" if chapter else "0",
        "chapters-INITIAL_FORMS": "1" if chapter else "0",
        "_generate": "1",
    }
    if chapter:
        data.update(
            {
                "chapters-0-id": str(chapter.pk),
                "chapters-0-guide": str(guide.pk),
                "chapters-0-order": "1",
                "chapters-0-submission": str(chapter.submission_id),
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.status == Guide.Status.READY and guide.pdf_nl and guide.chapters.count() == 1


# --- public pages, profile, updates -------------------------------------------------------------


def test_public_pages_and_profile(client):
    programme = make_programme()
    registration, user = confirmed(programme)
    body = client.get(reverse("programmes:list")).content.decode()
    assert programme.title_nl in body and "Open voor aanmelding" in body
    body = client.get(reverse("programmes:detail", kwargs={"slug": programme.slug})).content.decode()
    assert user.municipality.display_name in body and "teams.example.org" not in body
    assert selectors.municipality_programmes(municipality=user.municipality)[0]["title"] == programme.title_nl
    profile = client.get(user.municipality.get_absolute_url()).content.decode()
    assert programme.get_absolute_url() in profile
    Programme.objects.filter(pk=programme.pk).update(published=False)
    assert client.get(reverse("programmes:detail", kwargs={"slug": programme.slug})).status_code == 404


def test_municipality_programmes_query_count(django_assert_max_num_queries):
    user = UserFactory()
    for i in range(3):
        programme = make_programme(slug=f"p{i}", capacity=10)
        services.registration_confirm(registration=services.registration_create(programme=programme, municipality=user.municipality, user=user))
    with django_assert_max_num_queries(3):
        assert len(selectors.municipality_programmes(municipality=user.municipality)) == 3


def test_programme_list_queries_do_not_grow(client, django_assert_max_num_queries):
    for i in range(2):
        make_programme(slug=f"a{i}")
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("programmes:list"))
    for i in range(10):
        make_programme(slug=f"b{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("programmes:list"))


def test_message_to_participants_through_updates():
    from apps.updates.services import recipients

    programme = make_programme()
    registration, user = confirmed(programme)
    colleague = UserFactory(municipality=user.municipality)
    outsider = UserFactory()
    team = UserFactory(team=True)
    mail.outbox.clear()
    update = services.participants_message(
        programme=programme, by=team, subject="Bijeenkomst verplaatst", body="De tweede bijeenkomst is een week later."
    )
    again = services.participants_message(
        programme=programme, by=team, subject="Bijeenkomst verplaatst", body="De tweede bijeenkomst is een week later."
    )
    assert again.pk == update.pk
    emails = {r[0] for r in recipients(update.audience)}
    assert {user.email, colleague.email} == emails and outsider.email not in emails
    sent = [m for m in mail.outbox if m.subject == "Bijeenkomst verplaatst"]
    assert sorted(a for m in sent for a in m.to) == sorted(emails)


def test_demo_is_idempotent_and_has_the_finished_pilot_with_its_guide():
    from apps.core.demo import demo_load
    from apps.knowledge.models import Article
    from apps.programmes.demo import COHORT, OPEN, PILOT, load_demo

    demo_load(password="x", members=20)
    load_demo(password="x")
    load_demo(password="x")
    pilot = Programme.objects.get(slug=PILOT)
    assert selectors.phase(pilot) == selectors.Phase.FINISHED
    assert [s.date for s in pilot.sessions.all()] == [
        dt.date(2021, 4, 13),
        dt.date(2021, 4, 29),
        dt.date(2021, 5, 27),
        dt.date(2021, 6, 24),
        dt.date(2021, 9, 16),
    ]
    assert pilot.sessions.first().start_time == dt.time(13, 30) and pilot.deliverables.get().deadline == dt.date(2021, 8, 15)
    texts = Submission.objects.filter(deliverable__programme=pilot, status="accepted")
    assert texts.count() == 5 and all(400 <= t.word_count <= 600 for t in texts)
    guide = pilot.guide
    assert guide.published and guide.published_on == dt.date(2021, 10, 7) and guide.pages_nl > 7 and guide.pdf_en
    assert Article.objects.filter(kind="guide", url__endswith=guide.get_absolute_url(), published=True).exists()
    assert selectors.phase(Programme.objects.get(slug=OPEN)) == selectors.Phase.OPEN
    cohort = Programme.objects.get(slug=COHORT)
    assert cohort.is_cohort and cohort.registrations.filter(status="confirmed").exists()
    assert Programme.objects.count() == 3


def test_privacy_export_and_anonymise():
    from apps.programmes import privacy

    programme = make_programme()
    registration, user = confirmed(programme)
    session = programme.sessions.get()
    services.post_create(session=session, registration=registration, user=user, kind="question", body="Wie heeft een voorbeeld?")
    submission = services.submission_for(deliverable=programme.deliverables.get(), registration=registration)
    services.submission_save(submission=submission, user=user, data={"title": "Tekst", "text": TEXT})
    services.submission_submit(submission=submission, user=user)
    data = privacy.export(user)
    assert data["registrations"][0]["programme"] == programme.title_nl and data["session_posts"][0]["text"] == "Wie heeft een voorbeeld?"
    assert data["texts_sent_in"][0]["version"] == 1
    privacy.anonymise(user)
    registration.refresh_from_db()
    assert registration.registered_by is None and registration.status == Registration.Status.CONFIRMED
    assert Post.objects.get().author is None and submission.versions.get().submitted_by is None


def test_api_lists_public_parts_with_constant_queries(client, django_assert_max_num_queries):
    programme = make_programme()
    registration, user = confirmed(programme)
    response = client.get("/api/v1/programmes")
    assert response.status_code == 200
    item = response.json()["_embedded"]["programmes"][0] if "_embedded" in response.json() else response.json()["results"][0]
    assert item["slug"] == programme.slug and item["participants"] == [user.municipality.cbs_code] and item["guide"] is None
    session = item["sessions"][0]
    assert session["startTime"] == "13:30:00" and "meeting" not in str(item).lower()
    assert session["start"].startswith(f"{session['date']}T13:30:00+0")  # a full date-time with its offset
    detail = client.get(f"/api/v1/programmes/{programme.slug}")
    assert detail.status_code == 200 and detail.json()["title"]["nl"] == programme.title_nl
    assert client.get("/api/v1/programmes/bestaat-niet").status_code == 404
    for i in range(5):
        make_programme(slug=f"extra-{i}")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/programmes").status_code == 200
