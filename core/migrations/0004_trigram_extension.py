"""The trigram extension on PostgreSQL, for the indexes of the stored folded columns (core/search.py); nothing
on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0003_immutable_unaccent")]

    operations = [TrigramExtension()]
