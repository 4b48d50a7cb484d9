"""Who may do what: the roles, their scope, and the permissions built on them.

Predicates are django-rules predicates (pretalx-style), each permission declared with its French denial
reason (``core.access.permission``). Views never test roles by hand: they call ``core.access`` (which asks
``user.has_perm(perm, obj)`` and raises a 403 with the permission's reason), and templates ask the same permissions
with ``{% load rules %}{% has_perm "structures.view_structure" user structure as allowed %}``.

Permissions follow Django's convention for the object argument:

- ``user.has_perm(perm)`` (no object) is the *model-level* question: "may this person use the
  pages about these objects at all?" (navigation, list pages, whose rows are filtered by the
  model's ``QuerySet.for_user``);
- ``user.has_perm(perm, obj)`` is the *object-level* question: "may this person see or change this one?".

The object-level answers agree with ``Schema.objects.for_user`` and ``Structure.objects.for_user``
(tests/comptes/test_rules.py checks it), so a list never shows a row whose page answers 403.

This module holds the roles and the scope predicates every app shares; each app registers the
permissions it owns in its own ``rules.py`` (fiches/rules.py, structures/rules.py…), found at
start-up by rules' autodiscovery.
"""

import rules

from core.access import permission

from .enums import Role


def _is_active_user(user):
    return user is not None and user.is_authenticated and user.is_active


# The scope of a user is read once per user object (that is, once per request) and kept on it,
# as User.department_codes() does: a page that asks a rule for each row of a list costs one query.
def schema_ids(user):
    if not hasattr(user, "_rules_schema_ids"):
        user._rules_schema_ids = frozenset(user.schemas.values_list("pk", flat=True))
    return user._rules_schema_ids


def structure_ids(user):
    if not hasattr(user, "_rules_structure_ids"):
        user._rules_structure_ids = frozenset(user.structures.values_list("pk", flat=True))
    return user._rules_structure_ids


# --- Roles -------------------------------------------------------------------------------------


@rules.predicate
def is_admin(user):
    """An active administrateur (role) or superuser."""
    return _is_active_user(user) and user.is_admin


@rules.predicate
def is_conseiller(user):
    return _is_active_user(user) and user.role == Role.CONSEILLER


@rules.predicate
def is_directeur(user):
    return _is_active_user(user) and user.role == Role.DIRECTEUR


@rules.predicate
def is_partenaire(user):
    return _is_active_user(user) and user.role == Role.PARTENAIRE


@rules.predicate
def has_role(user):
    """Any active, logged-in person: every role reads some part of the application."""
    return _is_active_user(user) and user.role in Role.values


@rules.predicate
def is_django_staff(user):
    """Django's own gate to the admin site (``is_staff``), which the admin keeps for administrateurs."""
    return _is_active_user(user) and user.is_staff


# The Caf's own people: the pilot and the territorial advisers.
is_staff_caf = is_admin | is_conseiller


# --- Scope -------------------------------------------------------------------------------------


@rules.predicate
def is_conseiller_of_schema(user, schema):
    """A conseiller to whom this schéma is entrusted."""
    return schema is not None and is_conseiller(user) and schema.pk in schema_ids(user)


@rules.predicate
def is_director_of_structure(user, structure):
    """A director of this very structure."""
    return structure is not None and is_directeur(user) and structure.pk in structure_ids(user)


@rules.predicate
def is_conseiller_of_structure(user, structure):
    """A conseiller one of whose schémas covers the département of the structure's commune."""
    return structure is not None and is_conseiller(user) and structure.commune.department_code in user.department_codes()


# --- People, as querysets -----------------------------------------------------------------------
# Whom the role predicates above say yes to, for lists of recipients and of choices: kept beside the
# predicates so that the two answers cannot part.


def _active_with_role(*roles):
    from .models import User

    return User.objects.filter(is_active=True, role__in=roles)


def conseillers():
    """The active conseillers Caf (``is_conseiller``)."""
    return _active_with_role(Role.CONSEILLER)


def directeurs():
    """The active directors of structures (``is_directeur``)."""
    return _active_with_role(Role.DIRECTEUR)


def caf_and_partners():
    """The active administrateurs, conseillers and partners: the people who may carry a decision of an instance."""
    return _active_with_role(Role.ADMIN, Role.CONSEILLER, Role.PARTENAIRE)


# --- Permissions -------------------------------------------------------------------------------
# Each app registers its own permissions in its rules.py, from these predicates.

permission(
    "comptes.access_admin",
    is_admin & is_django_staff,
    reason="L'administration est réservée aux administrateurs du schéma.",
)
# Inviting people, deactivating accounts and unlocking them: administrateurs only.
permission(
    "comptes.manage_users",
    is_admin,
    reason="La gestion des comptes est réservée aux administrateurs du schéma.",
)
# Restoring a deleted object from its history: administrateurs only.
permission(
    "comptes.restore_deleted",
    is_admin,
    reason="Seuls les administrateurs peuvent restaurer un objet supprimé.",
)
