import pytest
from cryptography.fernet import Fernet

TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _capsule_key(settings):
    settings.TIJDSCAPSULE_KEY = TEST_KEY
