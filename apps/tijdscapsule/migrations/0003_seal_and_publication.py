"""The seal: ``Capsule.sealed_until`` (set when the first wish is sealed), a check constraint
``opening_date >= sealed_until``, and database triggers so that whatever writes the tables (the ORM,
a bulk insert, raw SQL in a shell) a wish insert sets the seal and no update lowers it. Plus
``Wish.published_at``: after the opening the campaign team reads each wish before it is public."""

from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER tijdscapsule_wish_seals AFTER INSERT ON tijdscapsule_wish
    BEGIN
        UPDATE tijdscapsule_capsule SET sealed_until = opening_date
        WHERE id = (SELECT capsule_id FROM tijdscapsule_visit WHERE id = NEW.visit_id)
          AND (sealed_until IS NULL OR sealed_until < opening_date);
    END""",
    """CREATE TRIGGER tijdscapsule_capsule_seal_only_grows BEFORE UPDATE OF sealed_until ON tijdscapsule_capsule
    WHEN OLD.sealed_until IS NOT NULL AND (NEW.sealed_until IS NULL OR NEW.sealed_until < OLD.sealed_until)
    BEGIN
        SELECT RAISE(ABORT, 'tijdscapsule: the seal of the capsule cannot move earlier');
    END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS tijdscapsule_wish_seals", "DROP TRIGGER IF EXISTS tijdscapsule_capsule_seal_only_grows"]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION tijdscapsule_wish_seals() RETURNS trigger AS $$
    BEGIN
        UPDATE tijdscapsule_capsule SET sealed_until = opening_date
        WHERE id = (SELECT capsule_id FROM tijdscapsule_visit WHERE id = NEW.visit_id)
          AND (sealed_until IS NULL OR sealed_until < opening_date);
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER tijdscapsule_wish_seals AFTER INSERT ON tijdscapsule_wish
    FOR EACH ROW EXECUTE FUNCTION tijdscapsule_wish_seals()""",
    """CREATE OR REPLACE FUNCTION tijdscapsule_capsule_seal_only_grows() RETURNS trigger AS $$
    BEGIN
        IF OLD.sealed_until IS NOT NULL AND (NEW.sealed_until IS NULL OR NEW.sealed_until < OLD.sealed_until) THEN
            RAISE EXCEPTION 'tijdscapsule: the seal of the capsule cannot move earlier' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER tijdscapsule_capsule_seal_only_grows BEFORE UPDATE ON tijdscapsule_capsule
    FOR EACH ROW EXECUTE FUNCTION tijdscapsule_capsule_seal_only_grows()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS tijdscapsule_wish_seals ON tijdscapsule_wish",
    "DROP FUNCTION IF EXISTS tijdscapsule_wish_seals()",
    "DROP TRIGGER IF EXISTS tijdscapsule_capsule_seal_only_grows ON tijdscapsule_capsule",
    "DROP FUNCTION IF EXISTS tijdscapsule_capsule_seal_only_grows()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


def seal_existing(apps, schema_editor):
    """Capsules that already hold wishes are sealed until their current opening date."""
    Capsule = apps.get_model("tijdscapsule", "Capsule")
    Wish = apps.get_model("tijdscapsule", "Wish")
    for capsule in Capsule.objects.all():
        if Wish.objects.filter(visit__capsule=capsule).exists():
            Capsule.objects.filter(pk=capsule.pk).update(sealed_until=capsule.opening_date)


class Migration(migrations.Migration):

    dependencies = [
        ('tijdscapsule', '0002_alter_booklet_file_alter_wish_sealed_photo'),
    ]

    operations = [
        migrations.AddField(
            model_name='capsule',
            name='sealed_until',
            field=models.DateField(blank=True, editable=False, help_text='The opening date promised when the first wish was sealed; the opening date can never move before it.', null=True, verbose_name='sealed until'),
        ),
        migrations.AddField(
            model_name='historicalcapsule',
            name='sealed_until',
            field=models.DateField(blank=True, editable=False, help_text='The opening date promised when the first wish was sealed; the opening date can never move before it.', null=True, verbose_name='sealed until'),
        ),
        migrations.AddField(
            model_name='wish',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='After the opening the campaign team reads every accepted wish first; only published wishes are public.', null=True, verbose_name='published'),
        ),
        migrations.AddConstraint(
            model_name='capsule',
            constraint=models.CheckConstraint(condition=models.Q(('sealed_until__isnull', True), ('opening_date__gte', models.F('sealed_until')), _connector='OR'), name='tijdscapsule_capsule_opening_not_before_seal', violation_error_message='Wishes have been sealed until this date: the opening date cannot be moved earlier.'),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
