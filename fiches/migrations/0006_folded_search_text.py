"""Stored folded texts of fiches and actions for the header search (core/search.py), with their trigram
indexes on PostgreSQL."""

from django.db import migrations

from core.migrations._frozen import folded_column_v1 as folded
from core.search import TrigramIndexes


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
