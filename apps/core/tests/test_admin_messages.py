"""Back-office success messages name the model with the right article (issue 24): "Het onderwerp …",
"De gebruiker …"; English stays "The topic …". Every ModelAdmin on the site gets the mixin."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.utils import translation

from apps.core.admin import DEFINITE_NAMES, DefiniteNameMessagesMixin
from apps.knowledge.models import Topic
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(team=True, is_superuser=True))
    return client


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_every_model_admin_has_the_mixin_and_a_definite_name():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, DefiniteNameMessagesMixin), model
        assert model._meta.label_lower in DEFINITE_NAMES, model


@pytest.mark.parametrize(
    ("label", "dutch"),
    [("menukaart.practiceexample", "het praktijkvoorbeeld"), ("tijdscapsule.visit", "het bezoek"), ("membership.application", "de aanmelding")],
)
def test_the_dutch_article_follows_the_word(label, dutch):
    with translation.override("nl"):
        assert str(DEFINITE_NAMES[label]) == dutch


def test_add_change_delete_in_dutch(superuser_client):
    response = superuser_client.post("/backoffice/knowledge/topic/add/", {"slug": "klimaat", "name_nl": "Klimaat", "name_en": "Climate"}, follow=True)

    topic = Topic.objects.get(slug="klimaat")
    message = texts(response)[0]
    assert message.startswith("Het onderwerp “<a href=")
    assert message.endswith(">Klimaat</a>” is toegevoegd.")
    response = superuser_client.post(
        f"/backoffice/knowledge/topic/{topic.pk}/change/",
        {"slug": "klimaat", "name_nl": "Klimaat en energie", "name_en": "Climate", "_continue": "1"},
        follow=True,
    )
    message = texts(response)[0]
    assert message.startswith("Het onderwerp “<a href=") and message.endswith("” is gewijzigd. U kunt deze hieronder weer bewerken.")
    response = superuser_client.post(f"/backoffice/knowledge/topic/{topic.pk}/delete/", {"post": "yes"}, follow=True)
    assert texts(response) == ["Het onderwerp “Klimaat en energie” is verwijderd."]


def test_a_de_word_and_english(superuser_client):
    user = UserFactory(full_name="Anna de Vries")
    response = superuser_client.post(f"/backoffice/accounts/user/{user.pk}/delete/", {"post": "yes"}, follow=True)
    assert texts(response) == [f"De gebruiker “{user}” is verwijderd."]
    response = superuser_client.post("/en/backoffice/knowledge/topic/add/", {"slug": "water", "name_nl": "Water", "name_en": "Water"}, follow=True)
    message = texts(response)[0]
    assert message.startswith("The topic “<a href=") and message.endswith(">Water</a>” was added successfully.")


def test_an_admin_s_own_success_message_is_kept(rf):
    """Only Django's own words are replaced (the guide admin says "being generated" on adding)."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from apps.core.admin import DefiniteNameMessagesMixin

    topic = Topic.objects.create(slug="t", name_nl="Klimaat", name_en="Climate")
    model_admin = admin.site._registry[Topic]
    request = rf.post("/backoffice/knowledge/topic/add/")
    request.user = UserFactory(team=True, is_superuser=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override("nl"):
        model_admin._expect(request, model_admin._django_messages(request, topic), model_admin._definite_message(request, topic, "add"))
        DefiniteNameMessagesMixin.message_user(model_admin, request, "De handreiking wordt gegenereerd.", level=25)
        assert [str(m) for m in request._messages] == ["De handreiking wordt gegenereerd."]


def test_the_libraries_apps_and_models_have_names_the_team_reads(superuser_client):
    """Issue 24: no technical English app or model names of the libraries on the back-office home
    (and in its sidebar, which uses the same list)."""
    page = superuser_client.get("/backoffice/").content.decode()
    for technical in ("Otp_Totp", "OTP_TOTP", "Otp_Static", "Tasks database backend", "Task Results", "TOTP devices", "Static devices", ">Axes<"):
        assert technical not in page, technical
    for dutch in ("Inlogbeveiliging", "Tweestapsverificatie: apps", "Achtergrondtaken", "Gekoppelde authenticator-apps", "Taakresultaten"):
        assert dutch in page, dutch
