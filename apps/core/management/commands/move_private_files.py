"""Move files that older versions kept in the public MEDIA_ROOT into the private storage, under a
random name (run once after upgrading; running it again moves nothing)."""

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from apps.core.files import RULES, private_storage


class Command(BaseCommand):
    help = "Move private files from MEDIA_ROOT to PRIVATE_MEDIA_ROOT (random names)."

    def handle(self, *args, **options):
        storage = private_storage()
        moved = 0
        for key in RULES:
            app_label, model_name, field_name = key.split(".")
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            for instance in model._default_manager.exclude(**{field_name: ""}).iterator():
                name = getattr(instance, field_name).name
                if not name or storage.exists(name) or not default_storage.exists(name):
                    continue
                with default_storage.open(name, "rb") as handle:
                    new_name = storage.save(field.generate_filename(instance, name), handle)
                model._default_manager.filter(pk=instance.pk).update(**{field_name: new_name})
                default_storage.delete(name)
                moved += 1
        if options["verbosity"]:
            self.stdout.write(f"{moved} file(s) moved to the private storage.")
