from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Platform")

    def ready(self):
        from . import files  # noqa: F401 - registers the private-files check
        from .pagecache import connect_signals

        connect_signals()
