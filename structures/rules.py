"""Who may read and change structures and what hangs on them (agréments, fundings, conventions)."""

import rules

from comptes.rules import (
    has_role,
    is_admin,
    is_conseiller_of_structure,
    is_directeur,
    is_director_of_structure,
    is_partenaire,
    is_staff_caf,
)


@rules.predicate
def can_read_structure(user, structure=None):
    """Reading a structure's file: administrators and partners read all; a conseiller the structures
    of their départements; a director their own. Mirrors ``Structure.objects.for_user``."""
    if structure is None:
        return has_role(user)
    return (
        is_admin(user)
        or is_partenaire(user)
        or is_conseiller_of_structure(user, structure)
        or is_director_of_structure(user, structure)
    )


@rules.predicate
def can_read_structure_private(user, structure=None):
    """The private part of a structure's file (fundings, contacts, indicator values): the Caf in
    charge of it and its own director; never partners, never other directors."""
    if structure is None:
        return is_staff_caf(user) or is_directeur(user)
    return is_admin(user) or is_conseiller_of_structure(user, structure) or is_director_of_structure(user, structure)


@rules.predicate
def can_change_structure(user, structure=None):
    """Changing a structure (agréments, fundings, conventions): the Caf in charge of it.
    Without a structure: administrators and conseillers."""
    if structure is None:
        return is_staff_caf(user)
    return is_admin(user) or is_conseiller_of_structure(user, structure)


rules.add_perm("structures.view_structure", can_read_structure)
rules.add_perm("structures.view_structure_private", can_read_structure_private)
rules.add_perm("structures.change_structure", can_change_structure)
