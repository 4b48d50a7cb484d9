"""Stored folded names and address of users for the header search (core/search.py), with its trigram index
on PostgreSQL."""

from django.db import migrations

from core.migrations._frozen import folded_column_v1 as folded
from core.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_trigram_extension"),
        ("comptes", "0006_french_order_index"),
    ]

    operations = [
        migrations.AddField(model_name="user", name="search_text", field=folded("first_name", "last_name", "email")),
        TrigramIndexes("comptes_user", "search_text"),
    ]
