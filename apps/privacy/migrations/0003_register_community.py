"""Register entries for support requests, YoungChallengers, updates and API keys (AVG article 30)."""

from django.db import migrations

SECURITY = "HTTPS, wachtwoorden als hash, rollen en rechten per gemeente, logging, dagelijkse toepassing van bewaartermijnen"
ENTRIES = [
    (
        "Ondersteuning door het campagneteam",
        "Vragen van gemeenten beantwoorden en gemeenten ondersteunen bij hun keuzes.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Medewerkers van gemeenten, campagneteam",
        "Naam en e-mailadres van wie vraagt, onderwerp, berichten, bijlagen",
        "Campagneteam VNG International",
        "Zolang de gemeente deelneemt; na verwijderen van het account zonder naam",
    ),
    (
        "YoungChallengers",
        "Jonge ambtenaren verbinden, hun challenges vastleggen en een gemodereerd netwerk bieden.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e); openbare samenvatting: toestemming (sub a)",
        "YoungChallengers van gemeenten",
        "Naam, functie, optioneel foto, focusdoelen, onderwerpen, challenges, berichten, meldingen",
        "Ingelogde medewerkers van deelnemende gemeenten; campagneteam",
        "Zolang het profiel bestaat; bij verwijderen van het account foto, profieltekst en berichten weg",
    ),
    (
        "Updates van het campagneteam",
        "Coördinatoren, medewerkers en YoungChallengers per e-mail informeren en afmeldingen respecteren.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Coördinatoren, medewerkers van gemeenten, YoungChallengers",
        "E-mailadres, verzendlog, afmelding",
        "Campagneteam VNG International; hostingpartij (verwerker)",
        "Zolang het account bestaat; daarna uit het verzendlog verwijderd",
    ),
    (
        "API-sleutels",
        "Systemen van gemeenten gegevens laten schrijven via de open API.",
        "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
        "Coördinatoren van gemeenten",
        "Naam van de maker, naam en hash van de sleutel, laatst gebruikt",
        "Campagneteam VNG International",
        "Tot intrekken; een sleutel verloopt na een jaar",
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
                "security": SECURITY,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_register")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
