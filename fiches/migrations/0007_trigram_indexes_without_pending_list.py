"""The trigram indexes of the header search read without a pending list (core.search)."""

from django.db import migrations

from core.search import TrigramIndexesWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0006_folded_search_text"),
    ]

    operations = [
        TrigramIndexesWithoutPendingList("fiches_fiche", "search_text"),
        TrigramIndexesWithoutPendingList("fiches_action", "search_text"),
    ]
