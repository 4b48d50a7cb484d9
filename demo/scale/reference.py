"""The national communes file: départements (code, name) and their communes."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.management.base import CommandError

from structures.communes import load_shipped_communes
from structures.models import Commune


@dataclass(frozen=True)
class Department:
    code: str
    name: str


def load_national_communes():
    """Import (create only) every commune of the national file shipped with the project."""

    return load_shipped_communes(only_new=True)


def departments_and_communes(count, skip=()):
    """([Department] in code order, {code: [Commune rows of the département, largest first]}).

    Only communes (not municipal arrondissements) with a population are kept; the first ``count``
    départements of the file, after skipping ``skip``, are returned.
    """

    by_department = defaultdict(list)
    names = {}
    for commune in Commune.objects.filter(parent_code="").order_by("department_code", "-population", "insee_code"):
        if commune.department_code in skip or not commune.department_name:
            continue
        names[commune.department_code] = commune.department_name
        by_department[commune.department_code].append(commune)
    codes = sorted(by_department)
    if len(codes) < count:
        raise CommandError(
            f"{count} départements demandés, mais la base n'en connaît que {len(codes)} (hors {', '.join(skip) or 'aucun'})."
        )
    departments = [Department(code, names[code]) for code in codes[:count]]
    return departments, {d.code: by_department[d.code] for d in departments}
