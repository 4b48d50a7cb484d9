"""The commune's folded name copied on each structure, for the searches by commune, kept by triggers.

Triggers rather than the model's save: bulk writes, queryset updates, the communes import and the
deserialisation of a schema's export all reach the tables without it. A structure takes its commune's folded
name when written; a commune renamed (or created after a structure that points to it, the foreign key being
checked at commit) passes its new folded name to its structures.

SQLite drops a table's triggers when Django rebuilds the table (most changes of a column): a later migration
that alters structures_structure or structures_commune there must create them again. The tests of the header
search fail on SQLite when it does not.
"""

from django.db import migrations, models

from core.search import PostgreSQLOnly, SQLiteOnly, TrigramIndexes, TrigramIndexesWithoutPendingList

COMMUNE_FOLDED_NAME = "COALESCE((SELECT folded_name FROM structures_commune WHERE id = NEW.commune_id), '')"

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION structures_structure_take_commune_folded_name() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.commune_folded_name := {COMMUNE_FOLDED_NAME};
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER structures_structure_take_commune_folded_name
        BEFORE INSERT OR UPDATE OF commune_id, commune_folded_name ON structures_structure
        FOR EACH ROW EXECUTE FUNCTION structures_structure_take_commune_folded_name()""",
    # Once a statement, with the rows it wrote: a communes import writes 35,000 of them.
    """CREATE FUNCTION structures_commune_pass_folded_name() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE structures_structure SET commune_folded_name = written.folded_name
            FROM written
            WHERE structures_structure.commune_id = written.id
                AND structures_structure.commune_folded_name IS DISTINCT FROM written.folded_name;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER structures_commune_pass_folded_name_on_insert
        AFTER INSERT ON structures_commune REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION structures_commune_pass_folded_name()""",
    """CREATE TRIGGER structures_commune_pass_folded_name_on_update
        AFTER UPDATE ON structures_commune REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION structures_commune_pass_folded_name()""",
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS structures_commune_pass_folded_name_on_update ON structures_commune",
    "DROP TRIGGER IF EXISTS structures_commune_pass_folded_name_on_insert ON structures_commune",
    "DROP FUNCTION IF EXISTS structures_commune_pass_folded_name()",
    "DROP TRIGGER IF EXISTS structures_structure_take_commune_folded_name ON structures_structure",
    "DROP FUNCTION IF EXISTS structures_structure_take_commune_folded_name()",
]

# SQLite has no BEFORE trigger that may change the row: the row written is corrected right after, only when it
# differs (so that the correction does not fire the update trigger again).
SQLITE_TAKE = f"""
    UPDATE structures_structure SET commune_folded_name = {COMMUNE_FOLDED_NAME}
    WHERE id = NEW.id AND commune_folded_name IS NOT {COMMUNE_FOLDED_NAME};
"""
SQLITE_PASS = "UPDATE structures_structure SET commune_folded_name = NEW.folded_name WHERE commune_id = NEW.id;"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER structures_structure_take_commune_folded_name_on_insert
        AFTER INSERT ON structures_structure BEGIN {SQLITE_TAKE} END""",
    f"""CREATE TRIGGER structures_structure_take_commune_folded_name_on_update
        AFTER UPDATE OF commune_id, commune_folded_name ON structures_structure BEGIN {SQLITE_TAKE} END""",
    f"""CREATE TRIGGER structures_commune_pass_folded_name_on_insert
        AFTER INSERT ON structures_commune BEGIN {SQLITE_PASS} END""",
    f"""CREATE TRIGGER structures_commune_pass_folded_name_on_rename
        AFTER UPDATE OF name ON structures_commune WHEN OLD.name IS NOT NEW.name BEGIN {SQLITE_PASS} END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS structures_commune_pass_folded_name_on_rename",
    "DROP TRIGGER IF EXISTS structures_commune_pass_folded_name_on_insert",
    "DROP TRIGGER IF EXISTS structures_structure_take_commune_folded_name_on_update",
    "DROP TRIGGER IF EXISTS structures_structure_take_commune_folded_name_on_insert",
]

FILL = (
    "UPDATE structures_structure SET commune_folded_name = "
    "(SELECT folded_name FROM structures_commune WHERE structures_commune.id = structures_structure.commune_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0009_trigram_indexes_without_pending_list"),
    ]

    operations = [
        migrations.AddField(
            model_name="structure",
            name="commune_folded_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        PostgreSQLOnly(POSTGRESQL_TRIGGERS, POSTGRESQL_DROP),
        SQLiteOnly(SQLITE_TRIGGERS, SQLITE_DROP),
        TrigramIndexes("structures_structure", "commune_folded_name"),
        TrigramIndexesWithoutPendingList("structures_structure", "commune_folded_name"),
        # No search reads the communes by name any longer; their index only slowed the communes import.
        PostgreSQLOnly(
            "DROP INDEX IF EXISTS structures_commune_folded_name_trgm",
            "CREATE INDEX structures_commune_folded_name_trgm ON structures_commune USING gin (folded_name gin_trgm_ops)",
        ),
    ]
