"""Which structures and conventions a user reaches: one answer for the rules (object by object) and the
querysets (lists). Superusers are administrateurs here as everywhere (``User.is_admin``)."""

from django.db.models import Q

from comptes.rules import is_admin, is_conseiller, is_directeur, is_partenaire, structure_ids
from core.access import Scope


def _in_departments(user, field, department_of):
    """The objects of the départements of the user's scope (a conseiller's schémas, a director's structures)."""
    codes = user.department_codes()
    return Scope(Q(**{f"{field}__in": codes}), lambda obj: department_of(obj) in codes)


def readable_structures(user):
    """Structures whose full file the user reads: administrateurs and partners all; a conseiller those of
    their départements; a director their own."""
    if is_admin(user) or is_partenaire(user):
        return Scope.everything()
    if is_conseiller(user):
        return _in_departments(user, "commune__department_code", lambda structure: structure.commune.department_code)
    if is_directeur(user):
        return Scope(Q(directors=user), lambda structure: structure.pk in structure_ids(user))
    return Scope.nothing()


def listed_structures(user):
    """Structures whose public identity is listed for the user: administrateurs and partners all; the
    others those of the départements of their scope."""
    if is_admin(user) or is_partenaire(user):
        return Scope.everything()
    if is_conseiller(user) or is_directeur(user):
        return _in_departments(user, "commune__department_code", lambda structure: structure.commune.department_code)
    return Scope.nothing()


def readable_conventions(user):
    """Conventions the user reads: administrateurs and partners all; the others those of the départements
    of their scope (the convention list and the organisation page share it)."""
    if is_admin(user) or is_partenaire(user):
        return Scope.everything()
    if is_conseiller(user) or is_directeur(user):
        return _in_departments(user, "department_code", lambda convention: convention.department_code)
    return Scope.nothing()
