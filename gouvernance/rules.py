"""Who may read and record the governance of a schéma (instances, meetings, decisions, météo)."""

import rules

from comptes.rules import has_role, is_admin, is_conseiller, is_conseiller_of_schema, is_partenaire
from fiches.rules import can_read_schema, pilots_fiche

from .models import Decision, Instance, Meeting


def _instance_of(obj):
    if isinstance(obj, Instance):
        return obj
    if isinstance(obj, Meeting):
        return obj.body
    if isinstance(obj, Decision):
        return obj.meeting.body
    raise TypeError(f"Not a governance object: {obj!r}")


def _member_instance_ids(user):
    """The instances the partner's organisation is a member of, read once per request."""
    if not hasattr(user, "_rules_member_instance_ids"):
        ids = Instance.objects.filter(members=user.organisation_id).values_list("pk", flat=True) if user.organisation_id else []
        user._rules_member_instance_ids = frozenset(ids)
    return user._rules_member_instance_ids


@rules.predicate
def is_member_partner(user, obj=None):
    """A partner whose organisation is a member of the instance (of the meeting, of the decision)."""
    if obj is None:
        return is_partenaire(user)
    return is_partenaire(user) and _instance_of(obj).pk in _member_instance_ids(user)


@rules.predicate
def is_conseiller_of_instance_schema(user, obj=None):
    """A conseiller of the schéma the object (schéma, instance, meeting, decision) belongs to."""
    if obj is None:
        return is_conseiller(user)
    schema = obj if not isinstance(obj, Instance | Meeting | Decision) else _instance_of(obj).schema
    return is_conseiller_of_schema(user, schema)


# Reading an instance, its meetings, minutes and decisions: administrateurs, the conseillers of the schéma,
# the partners of its member organisations. Mirrors Instance.objects.for_user.
can_read_governance = is_admin | is_conseiller_of_instance_schema | is_member_partner
# Recording instances, meetings and decisions and their follow-up: administrateurs and the schéma's conseillers.
can_record_governance = is_admin | is_conseiller_of_instance_schema

rules.add_perm("gouvernance.view_instance", can_read_governance)
rules.add_perm("gouvernance.record", can_record_governance)
# The decisions register of a schéma (page and export): whoever reads some instance; its rows are filtered.
rules.add_perm("gouvernance.view_register", can_read_schema & (is_admin | is_conseiller_of_instance_schema | is_partenaire))
# A fiche's météo: read by whoever reads the fiche; set by administrateurs and the conseillers who pilot it.
rules.add_perm("gouvernance.view_weather", has_role)
rules.add_perm("gouvernance.set_weather", is_admin | pilots_fiche)
