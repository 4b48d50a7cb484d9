"""Which schémas a user reaches: one answer for the rules (object by object) and the querysets (lists).

Fiches, actions, indicators and campaigns are read by whoever reads their schéma. Superusers are
administrateurs here as everywhere (``User.is_admin``), whatever role their account carries.
"""

from django.db.models import Q

from comptes.rules import is_admin, is_conseiller, is_directeur, is_partenaire, schema_ids
from core.access import Scope


def readable_schemas(user):
    """Administrateurs and partners read every schéma; a conseiller the schémas entrusted to them; a
    director the schémas of their structures' départements; an inactive or anonymous person none."""
    if is_admin(user) or is_partenaire(user):
        return Scope.everything()
    if is_conseiller(user):
        return Scope(Q(pk__in=user.schemas.values("pk")), lambda schema: schema.pk in schema_ids(user))
    if is_directeur(user):
        codes = user.department_codes()
        return Scope(Q(department_code__in=codes), lambda schema: schema.department_code in codes)
    return Scope.nothing()
