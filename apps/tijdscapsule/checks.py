from django.conf import settings
from django.core.checks import Info, Tags, register


@register(Tags.security, deploy=True)
def capsule_key_is_set(app_configs, **kwargs):
    """`manage.py check --deploy` (an Info, so it does not fail the deployment check): production should hold the sealing key in the environment, not in
    the generated development key file."""
    if getattr(settings, "TIJDSCAPSULE_KEY", ""):
        return []
    return [
        Info(
            "TIJDSCAPSULE_KEY is not set: the Tijdscapsule wishes are sealed with the generated key file var/tijdscapsule.key.",
            hint="Set TIJDSCAPSULE_KEY from the secret store and keep a copy offline (docs/tijdscapsule.md).",
            id="tijdscapsule.I001",
        )
    ]
