from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.accounts.models import User


@receiver(post_save, sender=User, dispatch_uid="youngchallengers_resolve_nominations")
def resolve_nominations(sender, instance, created, **kwargs):
    if created and instance.municipality_id:
        from .services import nominations_resolve

        nominations_resolve(instance)
