"""Who may read and change schémas, fiches and actions."""

import rules

from comptes.rules import (
    has_role,
    is_admin,
    is_conseiller_of_schema,
    is_director_in_schema_department,
    is_partenaire,
)


@rules.predicate
def can_read_schema(user, schema=None):
    """Reading a schéma: administrators and partners read all; a conseiller their schémas;
    a director the schémas of their structure's département. Mirrors ``Schema.objects.for_user``.

    Without a schéma (model level), every role reads some schémas."""
    if schema is None:
        return has_role(user)
    return (
        is_admin(user)
        or is_partenaire(user)
        or is_conseiller_of_schema(user, schema)
        or is_director_in_schema_department(user, schema)
    )


def _schema_of(obj):
    """The schéma an action, a fiche or an indicator belongs to."""
    fiche = getattr(obj, "fiche", obj)
    return fiche.schema


@rules.predicate
def can_read_in_schema(user, obj=None):
    """Reading a fiche, an action or an indicator: whoever reads its schéma."""
    return can_read_schema(user, None if obj is None else _schema_of(obj))


rules.add_perm("fiches.view_schema", can_read_schema)
rules.add_perm("fiches.view_fiche", can_read_in_schema)
rules.add_perm("fiches.view_action", can_read_in_schema)
