from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Platform")

    def ready(self):
        from . import files  # noqa: F401 - registers the private-files check
        from .pagecache import connect_signals

        connect_signals()


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the platform's site (success messages with the right article per model)."""

    default = False  # apps.core itself uses CoreConfig
    default_site = "apps.core.admin.PlatformAdminSite"
