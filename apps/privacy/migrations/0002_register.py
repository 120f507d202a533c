"""The register of processing activities as the privacy statement describes it (AVG article 30);
the campaign team keeps it current in the back office."""

from django.db import migrations

ENTRIES = [
    (
        "Aanmelding van gemeenten",
        "Aanmeldingen van gemeenten voor de campagne behandelen en bevestigen.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Contactpersonen van gemeenten",
        "Naam, e-mailadres, functie, motivatie",
        "Campagneteam VNG International",
        "Niet bevestigd: 30 dagen; afgewezen: 1 jaar; goedgekeurd: zolang de gemeente deelneemt",
    ),
    (
        "Accounts en werkruimte",
        "Inloggen en samenwerken in de werkruimte van een gemeente; rollen en toegang beheren.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Medewerkers van gemeenten, campagneteam, coaches en juryleden",
        "Naam, e-mailadres, functie, gemeente, rol, wachtwoord-hash, wijzigingsgeschiedenis",
        "Campagneteam VNG International; hostingpartij (verwerker)",
        "Zolang het account bestaat; na verwijderen geanonimiseerd",
    ),
    (
        "Uitnodigingen",
        "Collega's toegang geven tot de werkruimte.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Genodigden",
        "E-mailadres, rol",
        "Campagneteam VNG International",
        "90 dagen na aanvaarden, intrekken of verlopen",
    ),
    (
        "Beveiliging van het inloggen",
        "Het raden van wachtwoorden tegengaan (rate limiting, blokkering).",
        "Gerechtvaardigd belang (AVG art. 6 lid 1 sub f)",
        "Iedereen die probeert in te loggen",
        "E-mailadres, IP-adres, browser, tijdstip",
        "Campagneteam VNG International",
        "30 dagen",
    ),
    (
        "Wensen in de Tijdscapsule",
        "Wensen voor 2030 verzamelen, verzegeld bewaren en bij de opening publiceren.",
        "Toestemming (AVG art. 6 lid 1 sub a)",
        "Inwoners, leerlingen, bestuurders",
        "Tekst, optioneel naam, rol en foto",
        "Campagneteam VNG International",
        "Versleuteld tot de opening; daarna gepubliceerd",
    ),
    (
        "E-mail",
        "Berichten van het platform betrouwbaar afleveren.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Ontvangers van e-mail van het platform",
        "E-mailadres, inhoud van het bericht",
        "Hostingpartij (verwerker)",
        "30 dagen na verzending",
    ),
]


def load(apps, schema_editor):
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    for name, purpose, basis, persons, data, recipients, retention in ENTRIES:
        ProcessingActivity.objects.get_or_create(
            name=name,
            defaults={
                "purpose": purpose,
                "legal_basis": basis,
                "data_subjects": persons,
                "personal_data": data,
                "recipients": recipients,
                "retention": retention,
                "security": "HTTPS, wachtwoorden als hash, rollen en rechten per gemeente, logging, dagelijkse toepassing van bewaartermijnen",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
