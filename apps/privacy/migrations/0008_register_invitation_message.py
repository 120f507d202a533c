"""The register names the invitation's personal message (issue 17, finding 4): it is kept on the
invitation only until the e-mail has been sent, never in the task queue nor in the history; and the
back-up codes of the back office's second step (finding 5). Only an entry the campaign team has not
changed is updated."""

from django.db import migrations

NAME = "Uitnodigingen"
OLD = "E-mailadres, rol"
NEW = (
    "E-mailadres, naam, rol, persoonlijk bericht van de uitnodiger (bewaard tot de e-mail is verstuurd, "
    "niet in de wachtrij en niet in de wijzigingsgeschiedenis)"
)


ACCOUNTS = "Accounts en werkruimte"
ACCOUNTS_OLD = (
    "Naam, e-mailadres, functie, gemeente, rol, wachtwoord-hash, wijzigingsgeschiedenis; "
    "voor de backoffice de sleutel van de authenticator-app (tweestapsverificatie)"
)
ACCOUNTS_NEW = ACCOUNTS_OLD + " en de back-upcodes voor een verloren telefoon (elk één keer te gebruiken)"
CHANGES = ((NAME, OLD, NEW), (ACCOUNTS, ACCOUNTS_OLD, ACCOUNTS_NEW))


def forwards(apps, schema_editor):
    activities = apps.get_model("privacy", "ProcessingActivity").objects
    for name, old, new in CHANGES:
        activities.filter(name=name, personal_data=old).update(personal_data=new)


def backwards(apps, schema_editor):
    activities = apps.get_model("privacy", "ProcessingActivity").objects
    for name, old, new in CHANGES:
        activities.filter(name=name, personal_data=new).update(personal_data=old)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_register_task_arguments")]
    operations = [migrations.RunPython(forwards, backwards)]
