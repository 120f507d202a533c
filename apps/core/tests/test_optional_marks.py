"""One way to mark optional fields on every form (issue 24): the shared field template says
"(niet verplicht)" after an optional field's label, once; a required field gets no mark and no form
says "(verplicht)"."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def labels(body):
    """The text of every label and legend of the page, tags stripped, spaces collapsed."""
    found = re.findall(r"<(?:label|legend)\b[^>]*>(.*?)</(?:label|legend)>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found]


def test_the_field_template_marks_optional_fields_once():
    class Example(forms.Form):
        name = forms.CharField(label="Naam")
        note = forms.CharField(label="Toelichting (optioneel)", required=False)
        photo = forms.CharField(label="Foto (niet verplicht)", required=False)

    with translation.override("nl"):
        body = Template("{% load ui %}{% for f in form %}{% field f %}{% endfor %}").render(Context({"form": Example()}))
    assert labels(body) == ["Naam", "Toelichting (niet verplicht)", "Foto (niet verplicht)"]


@pytest.mark.parametrize("page", ["/aanmelden/", "support", "profile"])
def test_public_and_workspace_forms(client, page):
    if page != "/aanmelden/":
        coordinator = client.force_login(user := UserFactory(coordinator=True)) or user
        page = f"/werkruimte/{coordinator.municipality.slug}/" + ("ondersteuning/" if page == "support" else "profiel/")
    body = client.get(page).content.decode()
    found = labels(body)
    assert any(text.endswith(" (niet verplicht)") for text in found), found
    assert not any(text.count("niet verplicht") > 1 or "(verplicht)" in text or "(optioneel)" in text for text in found), found
    assert "(verplicht)" not in body
