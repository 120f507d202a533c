from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MenukaartConfig(AppConfig):
    name = "apps.menukaart"
    verbose_name = _("Menukaart")
