"""Search that forgives accents and case, and French alphabetical order, on SQLite and PostgreSQL.

``Folded(expression)`` is the text without accents, in lower case: PostgreSQL's ``unaccent`` (extension created
by core's migration 0002, called through the IMMUTABLE wrapper of migration 0003 so that the apps may index
folded names), or on SQLite a Python function of the same name registered on each connection
(``register_sqlite_unaccent``). A search compares it with the folded words typed (``fold``), so that « menival »
finds « Ménival »; ordering by it puts « États » before « Pentes », as a French reader expects.
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Func, Q, TextField
from django.db.models.functions import Lower


def fold(text):
    """« Vénissieux » → « venissieux »: without diacritics, in lower case (œ and æ spelt out)."""
    text = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Unaccent(Func):
    function = "UNACCENT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # The IMMUTABLE wrapper of core's migration 0003: the same text, and indexes on folded names can serve
        # the French alphabetical order of long lists.
        return self.as_sql(compiler, connection, function="immutable_unaccent", **extra_context)


def Folded(expression):  # noqa: N802 - reads as the expression it builds
    return Lower(Unaccent(expression))


def french_order(queryset, *fields):
    """``queryset`` in French alphabetical order of ``fields`` (« Écully » beside « Ecully », « États » before
    « Pentes »), then by primary key so that equal names keep one order."""
    return queryset.order_by(*(Folded(field) for field in fields), "pk")


def search(queryset, fields, text):
    """The rows of ``queryset`` where one of ``fields`` contains every word of ``text`` (accents and case
    forgiven); ``queryset`` itself when nothing is typed."""
    words = fold(text).split()
    if not words:
        return queryset
    names = {field: f"_folded_{index}" for index, field in enumerate(fields)}
    queryset = queryset.alias(**{name: Folded(field) for field, name in names.items()})
    for word in words:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{name}__contains": word}) for name in names.values())))
    return queryset


def register_sqlite_unaccent(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the UNACCENT function PostgreSQL's extension provides."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "UNACCENT", 1, lambda text: None if text is None else fold(text), deterministic=True
        )
