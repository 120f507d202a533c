from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YoungChallengersConfig(AppConfig):
    name = "apps.youngchallengers"
    verbose_name = _("YoungChallengers")

    def ready(self):
        from . import signals  # noqa: F401 - nominations by e-mail become profiles when the account exists
