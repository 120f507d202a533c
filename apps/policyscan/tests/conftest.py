import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.policyscan import services
from tests.factories import UserFactory

from . import files


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def upload(member, django_capture_on_commit_callbacks):
    """upload(name, data, **fields) -> Document, with its scan run (ImmediateBackend)."""

    def make(name: str, data: bytes, *, title: str = "", kind: str = "coalition", year: int = 2026):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                municipality=member.municipality, user=member, upload=SimpleUploadedFile(name, data), title=title, kind=kind, year=year
            )

    return make


@pytest.fixture
def paste(member, django_capture_on_commit_callbacks):
    def make(text: str, *, title: str = "Notitie", kind: str = "policy", year: int = 2026, municipality=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_paste(
                municipality=municipality or member.municipality, user=member, text=text, title=title, kind=kind, year=year
            )

    return make


DUTCH_DOC = [files.ENERGY, files.POVERTY, files.HOUSING]
