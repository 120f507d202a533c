import pytest
from django.urls import reverse

from apps.tijdscapsule.models import Capsule
from apps.tijdscapsule.tasks import build_debate_kit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_debate_kit_pdf_is_built_by_the_task_and_downloadable(client):
    from pypdf import PdfReader

    capsule = Capsule.current()
    assert client.get(reverse("tijdscapsule:kit_download")).status_code == 404
    assert "Download de debatkit" not in client.get(reverse("tijdscapsule:kit")).content.decode()
    build_debate_kit.enqueue(capsule.pk)
    response = client.get(reverse("tijdscapsule:kit_download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "Praktische checklist" in text and "Stellingen voor het debat" in text
    assert "Download de debatkit" in client.get(reverse("tijdscapsule:kit")).content.decode()


def test_workspace_home_links_to_the_tijdscapsule(client):
    user = UserFactory()
    client.force_login(user)
    body = client.get(reverse("workspace:home", kwargs={"slug": user.municipality.slug})).content.decode()
    assert reverse("tijdscapsule_workspace:dashboard", kwargs={"slug": user.municipality.slug}) in body
