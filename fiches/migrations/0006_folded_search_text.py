"""Stored folded texts of fiches and actions for the header search (core/search.py), with their trigram
indexes on PostgreSQL."""

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
        ("fiches", "0005_fiche_code_index"),
    ]

    operations = [
        migrations.AddField(model_name="fiche", name="search_text", field=folded("code", "title")),
        migrations.AddField(model_name="action", name="search_text", field=folded("text")),
        TrigramIndexes("fiches_fiche", "search_text"),
        TrigramIndexes("fiches_action", "search_text"),
    ]
