from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyscanConfig(AppConfig):
    name = "apps.policyscan"
    verbose_name = _("Policy scan")
