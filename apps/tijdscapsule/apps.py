from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TijdscapsuleConfig(AppConfig):
    name = "apps.tijdscapsule"
    verbose_name = _("Time capsule")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check
