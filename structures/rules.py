"""Who may read and change structures and what hangs on them (agréments, fundings, conventions)."""

import rules

from comptes.rules import (
    has_role,
    is_admin,
    is_conseiller,
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


@rules.predicate
def can_change_structure_contact(user, structure=None):
    """A structure's contact details: those who change the structure, and its own director."""
    if structure is None:
        return is_staff_caf(user) or is_directeur(user)
    return can_change_structure(user, structure) or is_director_of_structure(user, structure)


@rules.predicate
def is_conseiller_of_convention(user, convention):
    return convention is not None and is_conseiller(user) and convention.department_code in user.department_codes()


@rules.predicate
def can_change_convention(user, convention=None):
    if convention is None:
        return is_staff_caf(user)
    return is_admin(user) or is_conseiller_of_convention(user, convention)


@rules.predicate
def can_change_organisation(user, organisation=None):
    """The Caf's people record the partners they work with; a conseiller changes the organisations of their
    département and the national ones (no département), not those of another département."""
    if organisation is None or is_admin(user):
        return is_staff_caf(user)
    return is_conseiller(user) and organisation.department_code in ("", *user.department_codes())


# Reading the territory's figures (organisations, conventions, "L'AVS en bref", coverage): the Caf and its partners.
can_read_territory = is_staff_caf | is_partenaire

# The public identity of a structure (name, type, commune, gestion, agrément status): every role.
rules.add_perm("structures.view_structure_identity", has_role)
rules.add_perm("structures.change_structure_contact", can_change_structure_contact)
rules.add_perm("structures.add_structure", is_staff_caf)
rules.add_perm("structures.import_structures", is_staff_caf)
rules.add_perm("structures.view_organisation", can_read_territory)
rules.add_perm("structures.change_organisation", can_change_organisation)
rules.add_perm("structures.view_convention", can_read_territory)
# Group figures about fewer structures than AVS_MIN_GROUP_SIZE (core/secrecy.py): the Caf only, who reads
# each structure's file anyway; partners read « secret statistique ».
rules.add_perm("structures.view_small_groups", is_staff_caf)
rules.add_perm("structures.change_convention", can_change_convention)
rules.add_perm("structures.view_figures", can_read_territory)
