"""Content stored in both languages (reference data) as ``<field>_nl`` and ``<field>_en`` columns."""

from django.utils.translation import get_language


def current_language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


class Translated:
    """Descriptor returning ``<name>_<language>`` for the active language, falling back to Dutch."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.name}_{current_language()}", "")
        return value or getattr(instance, f"{self.name}_nl", "")
