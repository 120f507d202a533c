"""publiccode.yml (Standard for Public Code, version 0.4) has the keys developer.overheid.nl requires,
with descriptions in both languages within the standard's length limits."""

from pathlib import Path

import yaml
from django.conf import settings

REQUIRED = [
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
]


def test_publiccode_yml_has_the_required_keys():
    data = yaml.safe_load((Path(settings.BASE_DIR) / "publiccode.yml").read_text(encoding="utf-8"))
    assert [key for key in REQUIRED if key not in data] == []
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["developmentStatus"] in {"concept", "development", "beta", "stable", "obsolete"}
    assert data["softwareType"] in {
        "standalone/mobile",
        "standalone/iot",
        "standalone/desktop",
        "standalone/web",
        "standalone/backend",
        "standalone/other",
        "addon",
        "library",
        "configurationFiles",
    }
    assert data["legal"]["license"] == "EUPL-1.2"
    assert data["maintenance"]["type"] in {"internal", "contract", "community", "none"} and data["maintenance"]["contacts"]
    assert set(data["localisation"]["availableLanguages"]) == {"nl", "en"}
    for language in ("nl", "en"):
        description = data["description"][language]
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10000
        assert description["features"] and all(len(feature) <= 100 for feature in description["features"])
        assert any("API" in feature for feature in description["features"])
