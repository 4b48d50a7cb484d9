"""Stored folded names of communes, structures and organisations, for the searches and the French order
(core/search.py), with their trigram indexes on PostgreSQL."""

from django.db import migrations, models

from core.migrations._frozen import folded_column_v1 as folded
from core.search import TrigramIndexes


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
