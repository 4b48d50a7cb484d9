"""The trigram extension and an immutable unaccent on PostgreSQL, for the stored folded columns and their
indexes (core/search.py); nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.search import IMMUTABLE_UNACCENT_SQL, PostgreSQLOnly


class Migration(migrations.Migration):
    dependencies = [("core", "0002_unaccent_extension")]

    operations = [
        TrigramExtension(),
        PostgreSQLOnly(IMMUTABLE_UNACCENT_SQL, "DROP FUNCTION IF EXISTS immutable_unaccent(text)"),
    ]
