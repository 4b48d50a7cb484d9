"""Stored folded names and address of users for the header search (core/search.py), with its trigram index
on PostgreSQL."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Lower

from core.search import Unaccent, TrigramIndexes


def folded(*fields):
    """The expression of core.search.folded_column, frozen here as it was when the column was added."""
    parts = [fields[0]]
    for name in fields[1:]:
        parts += [Value("\n"), name]
    text = Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]
    return models.GeneratedField(db_persist=True, expression=Lower(Unaccent(text)), output_field=models.TextField())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_trigram_extension"),
        ("comptes", "0006_french_order_index"),
    ]

    operations = [
        migrations.AddField(model_name="user", name="search_text", field=folded("first_name", "last_name", "email")),
        TrigramIndexes("comptes_user", "search_text"),
    ]
