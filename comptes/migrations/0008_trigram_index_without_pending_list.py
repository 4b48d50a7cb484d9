"""The users' trigram index reads without a pending list (core.search)."""

from django.db import migrations

from core.search import TrigramIndexesWithoutPendingList


class Migration(migrations.Migration):
    dependencies = [
        ("comptes", "0007_user_search_text"),
    ]

    operations = [
        TrigramIndexesWithoutPendingList("comptes_user", "search_text"),
    ]
