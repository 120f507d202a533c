from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _refresh_campaign_team_group(sender, using="default", **kwargs):
    """After every migrate (when permissions exist): the team group holds exactly what
    apps.accounts.services.campaign_team_group defines, so an old definition never lingers."""
    from django.contrib.auth.models import Group

    from .services import CAMPAIGN_TEAM_GROUP, campaign_team_group

    if Group.objects.using(using).filter(name=CAMPAIGN_TEAM_GROUP).exists():
        campaign_team_group()


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        post_migrate.connect(_refresh_campaign_team_group, dispatch_uid="accounts-campaign-team-group")
