"""Backup and restore of the whole database, with the engine's own tools.

SQLite (the embedded default): the online backup API of ``sqlite3`` copies a consistent snapshot while the
application keeps running. PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, the tools a database
administrator already knows; they must be installed beside the application (Debian: postgresql-client).
"""

import os
import sqlite3
import subprocess

from django.db import connections


class BackupError(Exception):
    pass


def engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Sauvegarde impossible : moteur de base « {vendor} » non pris en charge.")
    return vendor


def default_suffix(alias="default"):
    return ".sqlite3" if engine(alias) == "sqlite" else ".dump"


def pg_environment(settings_dict):
    """The libpq variables that point pg_dump / pg_restore at the database of ``settings_dict``."""
    environment = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def run_tool(command, environment):
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} est introuvable : installez le client PostgreSQL (postgresql-client).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()}")


def backup(path, alias="default"):
    """Writes a consistent copy of the database ``alias`` to ``path``."""
    connection = connections[alias]
    if engine(alias) == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        run_tool(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], pg_environment(connection.settings_dict))


def restore(path, settings_dict):
    """Restores the backup ``path`` into the database described by ``settings_dict`` (a DATABASES entry).

    The target's tables are replaced by the backup's: restore into an empty database, or one to give up.
    """
    if not os.path.exists(path):
        raise BackupError(f"Le fichier de sauvegarde {path} est introuvable.")
    if "sqlite" in settings_dict["ENGINE"]:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} n'est pas une sauvegarde SQLite.")
        source = sqlite3.connect(path)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--dbname", settings_dict["NAME"]]
        run_tool([*command, str(path)], pg_environment(settings_dict))
