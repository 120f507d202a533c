"""The register of processing activities says what the platform now does with files and the
Tijdscapsule (issue 17): private files outside the web server's reach, served after a permission
check; photos without location data; the capsule opened for the campaign team first. Only entries
the campaign team has not changed themselves are updated."""

from django.db import migrations

OLD_SECURITY = "HTTPS, wachtwoorden als hash, rollen en rechten per gemeente, logging, dagelijkse toepassing van bewaartermijnen"
NEW_SECURITY = (
    OLD_SECURITY
    + ", bestanden buiten de webserver en alleen na een rechtencontrole per verzoek, willekeurige bestandsnamen, foto's zonder locatiegegevens"
)
CAPSULE = "Wensen in de Tijdscapsule"
CAPSULE_OLD = {
    "purpose": "Wensen voor 2030 verzamelen, verzegeld bewaren en bij de opening publiceren.",
    "retention": "Versleuteld tot de opening; daarna gepubliceerd",
}
CAPSULE_NEW = {
    "purpose": "Wensen voor 2030 verzamelen, verzegeld bewaren en na de opening, als het campagneteam ze heeft gelezen, publiceren.",
    "retention": "Versleuteld tot de opening (die datum kan niet worden vervroegd); daarna eerst gelezen door het campagneteam, dan gepubliceerd",
}


def forwards(apps, schema_editor):
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    ProcessingActivity.objects.filter(security=OLD_SECURITY).update(security=NEW_SECURITY)
    for field, old in CAPSULE_OLD.items():
        ProcessingActivity.objects.filter(name=CAPSULE, **{field: old}).update(**{field: CAPSULE_NEW[field]})


def backwards(apps, schema_editor):
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    ProcessingActivity.objects.filter(security=NEW_SECURITY).update(security=OLD_SECURITY)
    for field, new in CAPSULE_NEW.items():
        ProcessingActivity.objects.filter(name=CAPSULE, **{field: new}).update(**{field: CAPSULE_OLD[field]})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_alter_dataexport_file")]

    operations = [migrations.RunPython(forwards, backwards)]
