"""Full-text index over the folded name and text of procedures, kept in step by the database.

SQLite: an FTS5 table with external content and triggers. PostgreSQL: a generated tsvector
column (name weighted A, text B) through an unaccent text search configuration, with a GIN index.
Both index the same folded text (motcua.core.text.fold), so both find the same procedures.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalogue_procedure_fts USING fts5(
        search_name, search_text, content='catalogue_procedure', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER catalogue_procedure_fts_ai AFTER INSERT ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(rowid, search_name, search_text)
        VALUES (new.id, new.search_name, new.search_text); END""",
    """CREATE TRIGGER catalogue_procedure_fts_ad AFTER DELETE ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(catalogue_procedure_fts, rowid, search_name, search_text)
        VALUES ('delete', old.id, old.search_name, old.search_text); END""",
    """CREATE TRIGGER catalogue_procedure_fts_au AFTER UPDATE OF search_name, search_text ON catalogue_procedure BEGIN
        INSERT INTO catalogue_procedure_fts(catalogue_procedure_fts, rowid, search_name, search_text)
        VALUES ('delete', old.id, old.search_name, old.search_text);
        INSERT INTO catalogue_procedure_fts(rowid, search_name, search_text)
        VALUES (new.id, new.search_name, new.search_text); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_au",
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_procedure_fts_ai",
    "DROP TABLE IF EXISTS catalogue_procedure_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'motcua_vn') THEN
            CREATE TEXT SEARCH CONFIGURATION motcua_vn (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION motcua_vn
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF; END $$""",
    """ALTER TABLE catalogue_procedure ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('motcua_vn'::regconfig, search_name), 'A') ||
        setweight(to_tsvector('motcua_vn'::regconfig, search_text), 'B')) STORED""",
    "CREATE INDEX catalogue_procedure_search_gin ON catalogue_procedure USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_procedure_search_gin",
    "ALTER TABLE catalogue_procedure DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
