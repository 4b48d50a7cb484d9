"""Search that forgives accents and case, and French alphabetical order, on SQLite and PostgreSQL.

``Folded(expression)`` is the text without accents, in lower case: PostgreSQL's ``unaccent`` (extension created
by core's migration 0002, called through the IMMUTABLE wrapper of migration 0003 so that the apps may index
folded names), or on SQLite a Python function of the same name registered on each connection
(``register_sqlite_unaccent``). A search compares it with the folded words typed (``fold``), so that « menival »
finds « Ménival »; ordering by it puts « États » before « Pentes », as a French reader expects.

Folding every row at each search costs a call per row; the tables searched by name at national scale keep a
stored folded copy instead (``folded_column``), which a trigram index serves on PostgreSQL (``TrigramIndexes``).
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Func, GeneratedField, Q, TextField, Value
from django.db.models.functions import Concat, Lower


def fold(text):
    """« Vénissieux » → « venissieux »: without diacritics, in lower case (œ and æ spelt out)."""
    text = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Unaccent(Func):
    function = "UNACCENT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # The IMMUTABLE wrapper of core's migration 0003: the same text, which indexes and stored generated
        # columns accept (PostgreSQL refuses its STABLE unaccent there).
        return self.as_sql(compiler, connection, function="immutable_unaccent", **extra_context)


def Folded(expression):  # noqa: N802 - reads as the expression it builds
    return Lower(Unaccent(expression))


def folded_column(*fields):
    """A column kept by the database itself, on every write (bulk ones too): ``Folded`` of ``fields`` one per
    line. The words searched never hold a line break, so a word is in the column exactly when it is in one of
    the fields. Text without a length limit: folding spells « œ » out and may lengthen a name."""
    parts = [fields[0]]
    for name in fields[1:]:
        parts += [Value("\n"), name]
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    return GeneratedField(
        expression=Lower(Unaccent(text)),
        output_field=TextField(),
        db_persist=True,
    )


def french_order(queryset, *fields):
    """``queryset`` in French alphabetical order of ``fields`` (« Écully » beside « Ecully », « États » before
    « Pentes »), then by primary key so that equal names keep one order."""
    return queryset.order_by(*(Folded(field) for field in fields), "pk")


def search(queryset, fields, text, matches=()):
    """The rows of ``queryset`` where one of ``fields`` contains every word of ``text`` (accents and case
    forgiven); ``queryset`` itself when nothing is typed. ``matches`` adds, for each word, other ways to match
    it: functions of the folded word returning a ``Q`` (a lookup on a stored folded column, a subquery)."""
    words = fold(text).split()
    if not words:
        return queryset
    names = {field: f"_folded_{index}" for index, field in enumerate(fields)}
    queryset = queryset.alias(**{name: Folded(field) for field, name in names.items()})
    for word in words:
        conditions = [Q(**{f"{name}__contains": word}) for name in names.values()]
        conditions += [match(word) for match in matches]
        queryset = queryset.filter(reduce(or_, conditions))
    return queryset


def contains(column):
    """For ``search(matches=...)``: the word in a stored folded column (``folded_column``)."""
    return lambda word: Q(**{f"{column}__contains": word})


class _OneVendorSQL(migrations.RunSQL):
    vendor = None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgreSQLOnly(_OneVendorSQL):
    """RunSQL that does nothing on SQLite: for what only PostgreSQL has (functions, trigram indexes)."""

    vendor = "postgresql"


class SQLiteOnly(_OneVendorSQL):
    """RunSQL that does nothing on PostgreSQL: SQLite's spelling of what PostgreSQL writes otherwise (triggers)."""

    vendor = "sqlite"


def TrigramIndexes(table, *columns):  # noqa: N802 - reads as the migration operation it returns
    """GIN trigram indexes on PostgreSQL, so that « contains » on these (folded) columns reads an index
    instead of every row; nothing on SQLite, whose tables stay small."""
    return PostgreSQLOnly(
        [f"CREATE INDEX {table}_{column}_trgm ON {table} USING gin ({column} gin_trgm_ops)" for column in columns],
        [f"DROP INDEX IF EXISTS {table}_{column}_trgm" for column in columns],
    )


def TrigramIndexesWithoutPendingList(table, *columns):  # noqa: N802 - reads as the migration operation it returns
    """Turn off the pending list of the trigram indexes of ``TrigramIndexes(table, *columns)``, and empty it.

    With PostgreSQL's default (``fastupdate``), new entries wait in a list that every search reads in full
    until a VACUUM merges them into the index: after a bulk write (a communes import, a generator) that is the
    whole table, and a search reading the index takes longer than one reading every row. These columns are
    searched far more often than written, so their entries go straight into the index."""
    names = [f"{table}_{column}_trgm" for column in columns]
    return PostgreSQLOnly(
        [
            statement
            for name in names
            for statement in (
                f"ALTER INDEX {name} SET (fastupdate = off)",
                f"SELECT gin_clean_pending_list('{name}'::regclass)",
            )
        ],
        [f"ALTER INDEX {name} RESET (fastupdate)" for name in names],
    )


def register_sqlite_unaccent(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the UNACCENT function PostgreSQL's extension provides."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "UNACCENT", 1, lambda text: None if text is None else fold(text), deterministic=True
        )
