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
from core.access import DEFAULT_REASON, permission

from .scopes import readable_structures

TERRITORY_REASON = "Les chiffres du territoire sont réservés à la Caf et à ses partenaires."


@rules.predicate
def can_read_structure(user, structure=None):
    """Reading a structure's file: the scope ``Structure.objects.for_user`` lists too (structures.scopes)."""
    if structure is None:
        return has_role(user)
    return structure in readable_structures(user)


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


permission(
    "structures.view_structure",
    can_read_structure,
    reason="Cette structure ne fait pas partie de votre périmètre.",
)
permission(
    "structures.view_structure_private",
    can_read_structure_private,
    reason="Les informations internes de cette structure sont réservées à la Caf et à la direction de la structure.",
)
permission(
    "structures.change_structure",
    can_change_structure,
    reason="Seuls les administrateurs et les conseillers Caf du territoire de cette structure peuvent la modifier.",
)


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
permission("structures.view_structure_identity", has_role, reason=DEFAULT_REASON)
permission(
    "structures.change_structure_contact",
    can_change_structure_contact,
    reason="Seuls la direction de la structure et la Caf de son territoire peuvent modifier ses coordonnées.",
)
permission(
    "structures.add_structure",
    is_staff_caf,
    reason="Seuls les administrateurs et les conseillers Caf peuvent créer une structure.",
)
permission(
    "structures.import_structures",
    is_staff_caf,
    reason="L'import de structures est réservé aux administrateurs et aux conseillers Caf.",
)
permission(
    "structures.view_organisation",
    can_read_territory,
    reason="L'annuaire des organisations est réservé à la Caf et à ses partenaires.",
)
permission("structures.change_organisation", can_change_organisation, reason=DEFAULT_REASON)
permission(
    "structures.view_convention",
    can_read_territory,
    reason="Les conventions sont réservées à la Caf et à ses partenaires.",
)
# Group figures about fewer structures than AVS_MIN_GROUP_SIZE (core/secrecy.py): the Caf only, who reads
# each structure's file anyway; partners read « secret statistique ».
permission("structures.view_small_groups", is_staff_caf, reason=DEFAULT_REASON)
permission(
    "structures.change_convention",
    can_change_convention,
    reason="Seuls les administrateurs et les conseillers Caf du département de cette convention peuvent la modifier.",
)
permission("structures.view_figures", can_read_territory, reason=TERRITORY_REASON)
