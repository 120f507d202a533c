"""The register of processing activities after issue 17: two-factor login for the back office, the
history that goes with deleted records, e-mail tasks that keep no contents once delivered.
The listed fields of these entries are set to the text below."""

from django.db import migrations

UPDATES = {
    "Accounts en werkruimte": {
        "personal_data": (
            "Naam, e-mailadres, functie, gemeente, rol, wachtwoord-hash, wijzigingsgeschiedenis; "
            "voor de backoffice de sleutel van de authenticator-app (tweestapsverificatie)",
        ),
        "retention": (
            "Zolang het account bestaat; na verwijderen geanonimiseerd, ook in de wijzigingsgeschiedenis",
        ),
    },
    "Aanmelding van gemeenten": {
        "retention": (
            "Niet bevestigd: 30 dagen; afgewezen: 1 jaar; goedgekeurd: zolang de gemeente deelneemt. "
            "De wijzigingsgeschiedenis wordt met de aanmelding verwijderd; bij het verwijderen van een account wordt de eigen aanmelding leeggemaakt",
        ),
    },
    "Uitnodigingen": {
        "retention": ("90 dagen na aanvaarden, intrekken of verlopen, met de wijzigingsgeschiedenis",),
    },
    "E-mail": {
        "retention": (
            "Na aflevering wordt de inhoud uit de wachtrij gewist; mislukte berichten 30 dagen (om opnieuw te versturen)",
        ),
    },
}


def update(apps, schema_editor):
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    for name, fields in UPDATES.items():
        ProcessingActivity.objects.filter(name=name).update(**{field: value[0] for field, value in fields.items()})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_register_community")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
