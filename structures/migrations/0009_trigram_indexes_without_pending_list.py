"""The trigram indexes of the header search read without a pending list (core.search)."""

from django.db import migrations

from core.search import TrigramIndexesWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0008_folded_names"),
    ]

    operations = [
        TrigramIndexesWithoutPendingList("structures_structure", "folded_name"),
        TrigramIndexesWithoutPendingList("structures_organisation", "search_text"),
    ]
