"""`manage.py backup` then a restore into an empty database gives back every row of every table."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from tests import factories


@pytest.fixture
def some_data(transactional_db):
    schema = factories.SchemaFactory(slug="rhone-2022-2026")
    factories.ConseillerFactory(email="conseiller@exemple.fr", schemas=[schema])
    structure = factories.StructureFactory(name="Centre social A")
    factories.DirecteurFactory(email="directeur@exemple.fr", structures=[structure])
    factories.AxisFactory(schema=schema, number=1, title="Un axe")


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def source_counts():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        return row_counts(cursor, tables)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="variante SQLite ; la variante PostgreSQL suit")
def test_sqlite_backup_restored_into_an_empty_database_has_every_row(some_data, tmp_path):
    call_command("backup", str(tmp_path / "avs.sqlite3"))
    empty = tmp_path / "vide.sqlite3"
    sqlite3.connect(empty).close()

    backup.restore(tmp_path / "avs.sqlite3", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(empty)})

    expected = source_counts()
    restored = sqlite3.connect(empty)
    assert row_counts(restored.cursor(), expected) == expected
    restored.close()
    assert expected["fiches_schema"] == 1 and expected["comptes_user"] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="variante PostgreSQL : DATABASE_URL=postgres://…")
def test_postgresql_backup_restored_into_an_empty_database_has_every_row(some_data, tmp_path):
    import psycopg

    call_command("backup", str(tmp_path / "avs.dump"))
    source = connection.settings_dict
    target = {**source, "NAME": f"{source['NAME']}_restauration"}
    params = {"host": source["HOST"], "port": source["PORT"] or 5432, "user": source["USER"], "password": source["PASSWORD"]}
    admin = psycopg.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
    try:
        backup.restore(tmp_path / "avs.dump", target)

        expected = source_counts()
        restored = psycopg.connect(dbname=target["NAME"], **params)
        with restored.cursor() as cursor:
            assert row_counts(cursor, expected) == expected
        restored.close()
        assert expected["fiches_schema"] == 1 and expected["comptes_user"] == 2
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        admin.close()


def test_restoring_a_file_that_is_no_backup_is_refused_in_french(db, tmp_path, settings):
    not_a_backup = tmp_path / "notes.sqlite3"
    not_a_backup.write_text("ceci n'est pas une base")

    with (
        pytest.raises(CommandError, match="n'est pas une sauvegarde SQLite")
        if connection.vendor == "sqlite"
        else pytest.raises(CommandError, match="pg_restore a échoué")
    ):
        call_command("restore", str(not_a_backup), "--noinput")
