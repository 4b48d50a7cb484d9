"""Who may read and record the governance of a schéma (instances, meetings, decisions, météo)."""

import rules

from comptes.rules import is_admin, is_conseiller, is_conseiller_of_schema, is_partenaire
from core.access import permission
from fiches.rules import can_read_schema, pilots_fiche

from .models import Decision, Instance, Meeting
from .scopes import readable_instances


def _instance_of(obj):
    if isinstance(obj, Instance):
        return obj
    if isinstance(obj, Meeting):
        return obj.body
    if isinstance(obj, Decision):
        return obj.meeting.body
    raise TypeError(f"Not a governance object: {obj!r}")


@rules.predicate
def reads_instance(user, obj=None):
    """Reading an instance (its meetings, minutes, decisions): the scope ``Instance.objects.for_user`` lists
    too (gouvernance.scopes). Without an object: whoever reads some instance."""
    if obj is None:
        return is_admin(user) or is_conseiller(user) or is_partenaire(user)
    return _instance_of(obj) in readable_instances(user)


@rules.predicate
def is_conseiller_of_instance_schema(user, obj=None):
    """A conseiller of the schéma the object (schéma, instance, meeting, decision) belongs to."""
    if obj is None:
        return is_conseiller(user)
    schema = obj if not isinstance(obj, Instance | Meeting | Decision) else _instance_of(obj).schema
    return is_conseiller_of_schema(user, schema)


# Recording instances, meetings and decisions and their follow-up: administrateurs and the schéma's conseillers.
can_record_governance = is_admin | is_conseiller_of_instance_schema

permission(
    "gouvernance.view_instance",
    reads_instance,
    reason=(
        "Les réunions et décisions de cette instance sont réservées à la Caf du schéma et aux partenaires membres de l'instance."
    ),
)
permission(
    "gouvernance.record",
    can_record_governance,
    reason="Seuls les administrateurs et les conseillers Caf de ce schéma enregistrent ses instances, réunions et décisions.",
)
# The decisions register of a schéma (page and export): whoever reads some instance; its rows are filtered.
permission(
    "gouvernance.view_register",
    can_read_schema & (is_admin | is_conseiller_of_instance_schema | is_partenaire),
    reason="Le registre des décisions est réservé à la Caf du schéma et aux partenaires membres de ses instances.",
)
# A fiche's météo is read with the fiche (fiches.view_fiche); set by administrateurs and the conseillers who pilot it.
permission(
    "gouvernance.set_weather",
    is_admin | pilots_fiche,
    reason="Seuls les administrateurs et les conseillers Caf qui pilotent cette fiche-action en fixent la météo.",
)
