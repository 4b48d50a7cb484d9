"""Who may read indicators, enter values and validate them.

Per-structure values are asked about an ``Entry`` (a campaign and a structure: what one director enters for one
year). Where the answer depends on the campaign's state, one function says why not (``_why_not_enter``…): the
permission's predicate is its yes/no form, and its reason the sentence, which views and services read with
``core.access.refusal`` or ``check_perm``.
"""

from dataclasses import dataclass

import rules
from django.utils import timezone

from comptes.rules import (
    has_role,
    is_admin,
    is_conseiller,
    is_conseiller_of_schema,
    is_directeur,
    is_director_of_structure,
    is_partenaire,
)
from core.access import permission
from fiches.rules import can_read_in_schema, can_read_schema

from .enums import ValueStatus

CLOSED_REASON = "La campagne est close."
NOT_OPEN_REASON = "La campagne n'est pas encore ouverte."
NOT_YOURS_REASON = "Cette structure n'est pas la vôtre."
VALIDATED_REASON = "Cette valeur est déjà validée."
SUBMITTED_REASON = "Cette valeur est déjà transmise : elle ne change plus, sauf si un conseiller vous la renvoie."
OUT_OF_SCHEMA_REASON = "Cette structure ne relève pas du département de ce schéma."
CAF_READS_REASON = "Les valeurs d'une structure sont saisies par sa direction ; la Caf les valide ou les renvoie."
REOPENING_ENDED_REASON = "La saisie rouverte pour cette structure a pris fin le {until:%d/%m/%Y}."
REMIND_CLOSED_REASON = "La campagne n'est pas ouverte : il n'y a personne à relancer."
NOT_CONSEILLER_REASON = "Seuls les administrateurs et les conseillers Caf de ce schéma peuvent faire cela."


@dataclass(frozen=True)
class Entry:
    """What a structure enters for a campaign."""

    campaign: object
    structure: object

    @property
    def schema(self):
        return self.campaign.schema


def _campaign_of(obj):
    return getattr(obj, "campaign", obj)


def _structure_in_schema(structure, campaign):
    return structure.commune.department_code == campaign.schema.department_code


def _campaign_accepts(campaign, structure=None):
    """None when the campaign takes values (of ``structure``), else the reason why not."""
    if campaign.is_open:
        return None
    if campaign.is_closed:
        reopenings = reopenings_of(campaign)
        if structure is not None and structure.pk in reopenings:
            until = reopenings[structure.pk]
            if until is not None and timezone.localdate() > until:
                return REOPENING_ENDED_REASON.format(until=until)
            return None
        return CLOSED_REASON
    return NOT_OPEN_REASON


def reopenings_of(campaign):
    """{structure pk: last day of its reopened entry (None: no end date)} for a closed campaign (one query)."""
    if not hasattr(campaign, "_reopenings"):
        from .enums import CampaignEventKind
        from .models import CampaignEvent

        reopened = dict.fromkeys(campaign.reopened_structures.values_list("pk", flat=True))
        events = CampaignEvent.objects.filter(
            campaign=campaign, kind=CampaignEventKind.REOPENED, structure_id__in=list(reopened)
        ).order_by("at", "pk")
        for structure_id, until in events.values_list("structure_id", "until"):
            reopened[structure_id] = until
        campaign._reopenings = reopened
    return campaign._reopenings


def reopened_until(campaign, structure):
    """The last day of ``structure``'s reopened entry when the campaign is closed but reopened for it, else None."""
    if not campaign.is_closed:
        return None
    return reopenings_of(campaign).get(structure.pk)


def _why_not_enter(user, entry):
    """Why ``user`` may not enter the values of ``entry`` (None when they may)."""
    if not _structure_in_schema(entry.structure, entry.campaign):
        return OUT_OF_SCHEMA_REASON
    if is_admin(user):
        return None
    if is_conseiller_of_schema(user, entry.schema):
        return CAF_READS_REASON
    if not is_director_of_structure(user, entry.structure):
        return NOT_YOURS_REASON
    return _campaign_accepts(entry.campaign, entry.structure)


# Administrateurs correct a value whatever its state (transmise, validée); the others follow value_refusal.
overrides_value_locks = is_admin


def value_refusal(value):
    """Why a value may not change on the entry page (None when it may), the entry being allowed."""
    if value is None or value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
        return None
    if value.status == ValueStatus.VALIDATED:
        return VALIDATED_REASON
    return SUBMITTED_REASON


def _why_not_validate(user, campaign):
    """Why ``user`` may not validate (or send back) the values of ``campaign``, or enter its schéma-wide values."""
    campaign = _campaign_of(campaign)
    if is_admin(user):
        return None
    if not is_conseiller_of_schema(user, campaign.schema):
        return NOT_CONSEILLER_REASON
    return _campaign_accepts(campaign)


def _why_not_remind(user, campaign):
    """Why ``user`` may not remind the structures of ``campaign`` (None when they may)."""
    if not (is_admin(user) or is_conseiller_of_schema(user, campaign.schema)):
        return NOT_CONSEILLER_REASON
    if not campaign.is_open:
        return REMIND_CLOSED_REASON
    return None


@rules.predicate
def can_remind(user, campaign=None):
    if campaign is None:
        return is_admin(user) or is_conseiller(user)
    return _why_not_remind(user, campaign) is None


@rules.predicate
def can_view_entry(user, entry=None):
    """Reading a structure's values: the Caf in charge of the schéma and the structure's own director."""
    if entry is None:
        return has_role(user) and not is_partenaire(user)
    if not _structure_in_schema(entry.structure, entry.campaign):
        return False
    return is_admin(user) or is_conseiller_of_schema(user, entry.schema) or is_director_of_structure(user, entry.structure)


@rules.predicate
def can_enter_values(user, entry=None):
    if entry is None:
        return is_admin(user) or is_directeur(user)
    return _why_not_enter(user, entry) is None


@rules.predicate
def can_validate_values(user, campaign=None):
    if campaign is None:
        return is_admin(user) or is_conseiller(user)
    return _why_not_validate(user, campaign) is None


@rules.predicate
def is_caf_of_schema(user, obj=None):
    """Administrators, and conseillers of the schéma (of a campaign, or the schéma itself)."""
    if obj is None:
        return is_admin(user) or is_conseiller(user)
    if isinstance(obj, Entry) and not _structure_in_schema(obj.structure, obj.campaign):
        return False
    schema = getattr(obj, "schema", obj)
    return is_admin(user) or is_conseiller_of_schema(user, schema)


@rules.predicate
def can_read_campaign(user, campaign=None):
    return can_read_schema(user, None if campaign is None else campaign.schema)


@rules.predicate
def can_read_results(user, obj=None):
    """The aggregated results of a schéma (or a campaign): whoever reads the schéma."""
    return can_read_schema(user, None if obj is None else getattr(obj, "schema", obj))


def _about_entry(reason):
    """The reason of a refusal: about an Entry, that the structure is out of the schéma's département or is
    not the person's own; about anything else, ``reason``."""

    def why(user, obj):
        if isinstance(obj, Entry):
            return NOT_YOURS_REASON if _structure_in_schema(obj.structure, obj.campaign) else OUT_OF_SCHEMA_REASON
        return reason

    return why


def _reason_of(why_not, model_level):
    """A permission's reason from its ``why_not`` function, ``model_level`` when asked without an object."""
    return lambda user, obj: model_level if obj is None else why_not(user, obj)


OUT_OF_SCOPE_REASON = "Ce schéma ne fait pas partie de votre périmètre."
CAMPAIGN_OUT_OF_SCOPE_REASON = "Cette campagne concerne un schéma qui ne fait pas partie de votre périmètre."

permission(
    "indicateurs.view_indicator",
    can_read_in_schema,
    reason="Cet indicateur appartient à un schéma qui ne fait pas partie de votre périmètre.",
)
permission("indicateurs.change_indicator", is_admin, reason="Seuls les administrateurs définissent les indicateurs.")
permission("indicateurs.manage_campaign", is_admin, reason="Seuls les administrateurs gèrent les campagnes.")
permission("indicateurs.view_campaign", can_read_campaign, reason=CAMPAIGN_OUT_OF_SCOPE_REASON)
permission("indicateurs.view_results", can_read_results, reason=OUT_OF_SCOPE_REASON)
permission("indicateurs.view_completeness", can_read_results, reason=CAMPAIGN_OUT_OF_SCOPE_REASON)
# Answers of each structure (free text, exports): the Caf of the schéma, never partners nor other directors.
permission(
    "indicateurs.view_structure_answers",
    is_caf_of_schema,
    reason=_about_entry(
        "Les valeurs saisies par chaque structure sont réservées aux administrateurs et aux conseillers Caf du schéma."
    ),
)
permission("indicateurs.view_entry", can_view_entry, reason=_about_entry(NOT_YOURS_REASON))
permission("indicateurs.enter_values", can_enter_values, reason=_reason_of(_why_not_enter, NOT_YOURS_REASON))
permission("indicateurs.validate_values", can_validate_values, reason=_reason_of(_why_not_validate, NOT_CONSEILLER_REASON))
permission(
    "indicateurs.enter_schema_values",
    can_validate_values,
    reason=_reason_of(_why_not_validate, NOT_CONSEILLER_REASON),
)
permission("indicateurs.import_values", is_admin, reason="Seuls les administrateurs importent des valeurs.")
permission("indicateurs.remind_structures", can_remind, reason=_reason_of(_why_not_remind, NOT_CONSEILLER_REASON))
