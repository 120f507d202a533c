"""Load the Iv3 taakvelden and the default key (apps/budget/data/, see SOURCE.md there)."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.budget.services import reference_load

    reference_load(taakveld_model=apps.get_model("budget", "Taakveld"), key_model=apps.get_model("budget", "KeyShare"))


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
