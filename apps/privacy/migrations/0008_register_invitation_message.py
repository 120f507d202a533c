"""The register names the invitation's personal message (issue 17, finding 4): it is kept on the
invitation only until the e-mail has been sent, never in the task queue nor in the history. Only an
entry the campaign team has not changed is updated."""

from django.db import migrations

NAME = "Uitnodigingen"
OLD = "E-mailadres, rol"
NEW = (
    "E-mailadres, naam, rol, persoonlijk bericht van de uitnodiger (bewaard tot de e-mail is verstuurd, "
    "niet in de wachtrij en niet in de wijzigingsgeschiedenis)"
)


def forwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=OLD).update(personal_data=NEW)


def backwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=NEW).update(personal_data=OLD)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_register_task_arguments")]
    operations = [migrations.RunPython(forwards, backwards)]
