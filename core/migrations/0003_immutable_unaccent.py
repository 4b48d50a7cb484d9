"""An IMMUTABLE wrapper of PostgreSQL's unaccent, so that indexes may be built on folded names (core/search.py).

``unaccent`` is only STABLE (its dictionary could change), and PostgreSQL refuses a STABLE function in an index
expression. The wrapper names its dictionary and the extension's schema, so that it gives the same answer
whatever the search_path (a restore or autovacuum runs with another one). Nothing on SQLite, where UNACCENT is
a deterministic Python function (core.search.register_sqlite_unaccent)."""

from django.db import migrations

EXTENSION_SCHEMA = """
SELECT namespace.nspname FROM pg_extension extension
JOIN pg_namespace namespace ON namespace.oid = extension.extnamespace WHERE extension.extname = 'unaccent'
"""

CREATE = """
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(EXTENSION_SCHEMA)
        (schema,) = cursor.fetchone()
    schema_editor.execute(CREATE.format(schema=schema_editor.quote_name(schema)))


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS immutable_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_unaccent_extension")]

    operations = [migrations.RunPython(create_function, drop_function)]
