"""Three fields for ranking (title, summary, the rest), each with its term frequencies: the summary
gets its own column. The database now only answers which documents hold a token, and whether in
the title (engine.matches; the ranking is computed in Python), so it keeps no positions: an FTS5
table over the three fields with detail=column (SQLite); on PostgreSQL two stored tsvectors without
positions (strip), one over every field and one over the title, each with a GIN index. Every
document is queued for re-analysis; the next search applies the queue (or run
``manage.py search_index``)."""

from django.db import migrations, models

SQLITE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 2', detail = column)",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
POSTGRES = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple', title_terms || summary_terms || body_terms))) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple', title_terms))) STORED",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING gin (search_vector)",
    "CREATE INDEX search_document_title_tsv ON search_searchdocument USING gin (title_vector)",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')) STORED",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING gin (search_vector)",
]
REQUEUE = (
    "INSERT INTO search_pendingchange (source, object_id) SELECT source, object_id FROM search_searchdocument d "
    "WHERE NOT EXISTS (SELECT 1 FROM search_pendingchange p WHERE p.source = d.source AND p.object_id = d.object_id)"
)


def forwards(apps, schema_editor):
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    schema_editor.execute(REQUEUE)


def backwards(apps, schema_editor):
    for statement in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    schema_editor.execute(REQUEUE)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="summary_terms",
            field=models.TextField(blank=True, verbose_name="summary tokens"),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="body_terms",
            field=models.TextField(blank=True, help_text="Every other text: description, steps, answers, goals", verbose_name="text tokens"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
