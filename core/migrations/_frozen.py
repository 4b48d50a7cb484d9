"""Expressions the migrations of several apps share, frozen as they were when those migrations were written, so
that a later change of core.search never rewrites an applied migration. Django's migration loader skips this
module (its name starts with an underscore)."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Lower

from core.search import Unaccent


def folded_column_v1(*fields):
    """core.search.folded_column as it was when the stored folded columns were added: the fields one per line,
    without accents, in lower case."""
    parts = [fields[0]]
    for name in fields[1:]:
        parts += [Value("\n"), name]
    text = Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]
    return models.GeneratedField(db_persist=True, expression=Lower(Unaccent(text)), output_field=models.TextField())
