"""PostgreSQL's unaccent extension, for searches that forgive accents (core/search.py); nothing on SQLite."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_sent_notification")]

    operations = [UnaccentExtension()]
