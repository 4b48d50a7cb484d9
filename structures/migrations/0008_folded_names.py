"""Stored folded names of communes, structures and organisations, for the searches and the French order
(core/search.py), with their trigram indexes on PostgreSQL."""

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
        ("structures", "0007_french_order_index"),
    ]

    operations = [
        migrations.AddField(model_name="commune", name="folded_name", field=folded("name")),
        migrations.AddField(model_name="structure", name="folded_name", field=folded("name")),
        migrations.AddField(model_name="organisation", name="search_text", field=folded("name", "short_name")),
        TrigramIndexes("structures_commune", "folded_name"),
        TrigramIndexes("structures_structure", "folded_name"),
        TrigramIndexes("structures_organisation", "search_text"),
        migrations.AddIndex(
            model_name="structure", index=models.Index(fields=["folded_name", "id"], name="structure_french_order")
        ),
    ]
