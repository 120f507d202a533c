from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "apps.api"
    verbose_name = _("Open API")

    def ready(self):
        from . import schema  # noqa: F401 - registers the OpenAPI description of the key
