"""Which instances (comités) a user reaches: one answer for the rules (object by object) and the querysets
(lists), meetings and decisions following their instance. Superusers are administrateurs here as everywhere.

Administrateurs read every instance; a conseiller the instances of their schémas; a partner those their
organisation is a member of. Directors read none: members are organisations, not structures.
"""

from django.db.models import Q

from comptes.rules import is_admin, is_conseiller, is_partenaire, schema_ids
from core.access import Scope


def _member_instance_ids(user):
    """The instances the partner's organisation is a member of, read once per request (kept on the user)."""
    from .models import Instance

    if not hasattr(user, "_rules_member_instance_ids"):
        ids = Instance.objects.filter(members=user.organisation_id).values_list("pk", flat=True)
        user._rules_member_instance_ids = frozenset(ids)
    return user._rules_member_instance_ids


def readable_instances(user):
    if is_admin(user):
        return Scope.everything()
    if is_conseiller(user):
        from fiches.models import Schema

        # A subquery, not Schema.objects.ids_for_user: instances are few, and the pages that show a
        # governance block would pay one more query for the list.
        return Scope(Q(schema__in=Schema.objects.for_user(user)), lambda instance: instance.schema_id in schema_ids(user))
    if is_partenaire(user) and user.organisation_id:
        return Scope(Q(members=user.organisation_id), lambda instance: instance.pk in _member_instance_ids(user))
    return Scope.nothing()
