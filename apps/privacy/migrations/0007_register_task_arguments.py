"""The register says what the e-mail queue holds after issue 17 (finding 4): invitation and
password-reset e-mails are queued with ids only; the link with its token is made when the message is
sent and never stored in the queue. Only an entry the campaign team has not changed is updated."""

from django.db import migrations

NAME = "E-mail"
OLD = "E-mailadres, inhoud van het bericht"
NEW = (
    "E-mailadres, inhoud van het bericht; uitnodigingen en wachtwoordherstel staan in de wachtrij zonder "
    "e-mailadres en zonder link: de link met de geheime code wordt pas bij het versturen gemaakt"
)


def forwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=OLD).update(personal_data=NEW)


def backwards(apps, schema_editor):
    apps.get_model("privacy", "ProcessingActivity").objects.filter(name=NAME, personal_data=NEW).update(personal_data=OLD)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_merge_20261203_2154")]
    operations = [migrations.RunPython(forwards, backwards)]
