"""The register names the job title typed into an invitation (issue 24: the applicant's role is carried
into the invitation). Only an entry the campaign team has not changed is updated."""

from django.db import migrations

NAME = "Uitnodigingen"
OLD = (
    "E-mailadres, naam, rol, persoonlijk bericht van de uitnodiger (bewaard tot de e-mail is verstuurd, "
    "niet in de wachtrij en niet in de wijzigingsgeschiedenis)"
)
NEW = (
    "E-mailadres, naam, rol, functie, persoonlijk bericht van de uitnodiger (bewaard tot de e-mail is verstuurd, "
    "niet in de wachtrij en niet in de wijzigingsgeschiedenis)"
)


def forwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=OLD).update(personal_data=NEW)


def backwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=NEW).update(personal_data=OLD)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0008_register_invitation_message")]
    operations = [migrations.RunPython(forwards, backwards)]
