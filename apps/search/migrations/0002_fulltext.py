"""The full-text side of the index, per database: an FTS5 table on SQLite; pg_trgm and GIN indexes
(a generated tsvector column over the analysed tokens, trigrams over the words) on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # a stored, generated tsvector (the model does not know the column; the engine queries it in SQL)
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS search_document_tsv ON search_searchdocument USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_term_trgm ON search_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_term_trgm",
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
