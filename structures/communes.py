"""Upserting Commune rows from the records of commune files (structures/commune_files.py).

Everything is read and checked before anything is written: a file with an error writes nothing. Communes are
never deleted: when a national file no longer lists a known commune (it merged into another), the commune is
kept, marked « commune fusionnée », and its structures stay attached to it.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .commune_files import read_communes
from .models import Commune

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_COMMUNES_CSV = DATA_DIR / "communes.csv.gz"
SHIPPED_COMMUNES_GEOJSON = DATA_DIR / "communes-69.geojson"

# A file covering at least this many départements is a national file: the communes it lacks have merged.
NATIONAL_DEPARTMENTS = 90
COMMUNE_FIELDS = (
    "name",
    "department_code",
    "department_name",
    "epci_code",
    "epci_name",
    "epci_kind",
    "population",
    "parent_code",
    "postal_codes",
    "merged",
)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    unknown_population_codes: list = field(default_factory=list)

    def summary(self):
        text = f"{self.created} communes créées, {self.updated} mises à jour"
        if self.unchanged:
            text += f", {self.unchanged} inchangées"
        if self.merged:
            text += f" ; {self.merged} communes absentes du fichier national gardées comme « commune fusionnée »"
        return text + "."


# Writing ------------------------------------------------------------------------------------------


def import_communes(records, populations=None, *, only_new=False):
    """Create or update Commune rows (matched by INSEE code) in one transaction.

    A record only changes the fields it holds; a département name missing from the file is taken from
    the communes of the same département already known. Populations apply to the file's communes and to
    communes already in the database. With only_new, communes already known are left as they are.
    A national file (NATIONAL_DEPARTMENTS or more) marks the known communes it lacks as merged; a commune
    listed again is no longer merged.
    """
    populations = populations or {}
    result = ImportResult()
    national = len({record["department_code"] for record in records}) >= NATIONAL_DEPARTMENTS
    records = [{**record, "merged": False} for record in records]
    with transaction.atomic():
        existing = {commune.insee_code: commune for commune in Commune.objects.all()}
        department_names = {c.department_code: c.department_name for c in existing.values() if c.department_name}
        department_names.update({r["department_code"]: r["department_name"] for r in records if r.get("department_name")})
        new, changed = {}, {}
        for record in records:
            code = record["insee_code"]
            values = {key: value for key, value in record.items() if key != "insee_code"}
            if "department_name" not in values:
                values["department_name"] = department_names.get(values["department_code"], "")
            commune = existing.get(code)
            if commune is None:
                new[code] = Commune(insee_code=code, **values)
                continue
            if only_new:
                continue
            if commune.department_name and "department_name" not in record:
                values.pop("department_name")
            if _apply(commune, values):
                changed[code] = commune
        for code, population in populations.items():
            commune = new.get(code) or existing.get(code)
            if commune is None:
                result.unknown_population_codes.append(code)
            elif _apply(commune, {"population": population}) and code not in new:
                changed[code] = commune
        if national and not only_new:
            listed = {record["insee_code"] for record in records}
            for code, commune in existing.items():
                if code not in listed and not commune.merged:
                    commune.merged = True
                    changed[code] = commune
                    result.merged += 1
        Commune.objects.bulk_create(new.values(), batch_size=1000)
        Commune.objects.bulk_update(changed.values(), COMMUNE_FIELDS, batch_size=1000)
    result.created = len(new)
    result.updated = len(changed)
    result.unchanged = len({r["insee_code"] for r in records} - set(new) - set(changed))
    return result


def _apply(commune, values):
    modified = False
    for name, value in values.items():
        if getattr(commune, name) != value:
            setattr(commune, name, value)
            modified = True
    return modified


@functools.cache
def _shipped_records():
    """The shipped file, read once per process (35,000 rows: a second or two)."""
    return tuple(read_communes(SHIPPED_COMMUNES_CSV).records)


def load_shipped_communes(*, only_new=False, departments=None):
    """Load the national communes shipped with the application (the demo and ``import_communes --livrees``).

    With only_new, communes already known (perhaps from a more recent INSEE file) are left as they are;
    with departments (codes), only the communes of those départements are loaded.
    """
    records = _shipped_records()
    if departments is not None:
        records = [record for record in records if record["department_code"] in set(departments)]
    return import_communes(records, only_new=only_new)
