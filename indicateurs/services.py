"""Writes of the indicators app: each function runs in one transaction and re-checks the rules on fresh rows.

Every change of an IndicatorValue goes through ``_save`` so that django-simple-history records who changed it,
when, the values before and after (two consecutive history rows) and the reason (status change).
"""

from django.db import transaction
from django.utils import timezone

from comptes.rules import directeurs
from core import access
from core.concurrency import StaleObjectError, check_version
from structures.models import Structure

from . import notifications
from .enums import CampaignEventKind, CampaignStatus, Confirmation, ValueStatus
from .models import Campaign, CampaignEvent, Indicator, IndicatorValue
from .plausibility import bounds_for
from .rules import Entry, overrides_value_locks, value_refusal

INCOMPLETE_REASON = "Renseignez toutes les valeurs avant de transmettre."
FIELDS = ("number", "boolean", "text", "comment", "confirmation")
TYPED = ("number", "boolean", "text")


class Refused(Exception):
    """A write the rules refuse; ``str(error)`` is the French reason."""


def _save(value, *, user, reason):
    value.updated_by = user
    value._history_user = user
    value._change_reason = reason
    if value.pk:
        value.version += 1
    value.save()


def _check_versions(existing, changes, versions):
    """Refuse (StaleObjectError) a save from a form read before someone else saved one of its values.
    ``existing``: the stored values, read and locked by the caller in the same transaction."""
    if versions is None:  # a write that read the values itself (the import), not a form
        return
    for indicator in changes:
        seen, current = versions.get(indicator.pk), existing.get(indicator.pk)
        if current is None:
            continue
        if not seen:  # the person saw no value (0), or the form did not say which (missing): stale
            raise StaleObjectError(current, [])
        check_version(current, expected_version=seen)


def _locked_values(campaign, structure):
    return {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, structure=structure)
        .select_related("indicator")
    }


def _write(existing, *, indicator, campaign, structure, fields, user, submit):
    """Create or update one value from its form fields; return it (None when nothing is stored)."""
    value = existing.get(indicator.pk)
    blank = fields.pop("blank")
    if value is None:
        if blank and not fields.get("comment"):
            return None
        value = IndicatorValue(indicator=indicator, campaign=campaign, structure=structure)
    names = [name for name in FIELDS if name in fields]
    changed = value.pk is None or any(getattr(value, name) != fields[name] for name in names)
    for name in names:
        setattr(value, name, fields[name])
    if submit and value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
        value.status = ValueStatus.SUBMITTED
        value.return_comment = ""
        _save(value, user=user, reason="Transmise")
    elif changed:
        _save(value, user=user, reason="Modifiée" if value.pk else "Saisie")
    return value


def _take_unchanged(changes, unchanged, *, campaign, structure):
    """Replace the typed fields of the ``unchanged`` indicators by the structure's values of the year before."""
    by_pk = {indicator.pk: indicator for indicator in changes}
    previous = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            campaign__schema_id=campaign.schema_id, campaign__year=campaign.year - 1, structure=structure
        ).select_related("indicator")
    }
    for pk in unchanged:
        if pk not in by_pk:
            raise Refused("Cette valeur ne peut plus changer : elle ne peut pas être reprise de l'année précédente.")
        before = previous.get(pk)
        if before is None or before.is_empty:
            raise Refused(f"Aucune valeur {campaign.year - 1} à reprendre pour « {by_pk[pk]} ».")
        fields = changes[by_pk[pk]]
        fields.update({name: getattr(before, name) for name in TYPED}, blank=False)


def _set_confirmations(changes, existing, *, campaign, structure, confirmed, unchanged):
    """The structure's confirmation of each changed value: taken from last year (unchanged), an implausible value
    it confirmed (only when the plausibility rule questions it), or none; a value left as it was keeps its own."""
    bounds = bounds_for(campaign, [structure.pk])
    for indicator, fields in changes.items():
        stored = existing.get(indicator.pk)
        same = stored is not None and all(getattr(stored, name) == fields[name] for name in TYPED)
        question = (b := bounds.get((structure.pk, indicator.pk))) and b.question_about(fields["number"])
        if indicator.pk in unchanged:
            fields["confirmation"] = Confirmation.UNCHANGED
        elif indicator.pk in confirmed and question:
            fields["confirmation"] = Confirmation.OUTLIER
        elif same and stored.confirmation == Confirmation.UNCHANGED:
            fields["confirmation"] = Confirmation.UNCHANGED
        else:
            fields["confirmation"] = Confirmation.NONE


@transaction.atomic
def save_entry(*, campaign, structure, user, changes, submit=False, versions=None, confirmed=(), unchanged=()):
    """Save a structure's values (``changes``: {indicator: fields} from ValuesForm.changes); with ``submit``,
    transmit them all. ``unchanged``: indicator pks whose value is taken from the year before and marked so;
    ``confirmed``: indicator pks whose questioned value the director confirms. Raises Refused with the French
    reason when the rules say no."""
    reason = access.refusal(user, "indicateurs.enter_values", Entry(campaign, structure))
    if reason:
        raise Refused(reason)
    existing = _locked_values(campaign, structure)
    _check_versions(existing, changes, versions)
    indicators = list(Indicator.objects.for_schema(campaign.schema).per_structure())
    expected = {i.pk for i in indicators}
    admin = overrides_value_locks(user)
    for indicator in changes:
        if indicator.pk not in expected:
            raise Refused("Cet indicateur n'est pas demandé aux structures de ce schéma.")
        if not admin and (refusal := value_refusal(existing.get(indicator.pk))):
            raise Refused(refusal)
    changes = {indicator: dict(fields) for indicator, fields in changes.items()}
    _take_unchanged(changes, set(unchanged), campaign=campaign, structure=structure)
    _set_confirmations(
        changes, existing, campaign=campaign, structure=structure, confirmed=set(confirmed), unchanged=set(unchanged)
    )
    if submit:
        filled = {pk for pk, v in existing.items() if not v.is_empty}
        for indicator, fields in changes.items():
            (filled.discard if fields["blank"] else filled.add)(indicator.pk)
        if expected - filled:
            raise Refused(INCOMPLETE_REASON)
    for indicator, fields in changes.items():
        value = _write(
            existing, indicator=indicator, campaign=campaign, structure=structure, fields=dict(fields), user=user, submit=submit
        )
        if value is not None:
            existing[indicator.pk] = value
    if submit:
        for value in existing.values():
            if value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
                value.status = ValueStatus.SUBMITTED
                value.return_comment = ""
                _save(value, user=user, reason="Transmise")
    return existing


@transaction.atomic
def save_schema_values(*, campaign, user, changes, validate=False, versions=None):
    """Save the schéma-wide values of a campaign (conseillers); with ``validate``, mark them validated."""
    reason = access.refusal(user, "indicateurs.validate_values", campaign)
    if reason:
        raise Refused(reason)
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_for_update(of=("self",)).filter(campaign=campaign, structure__isnull=True)
    }
    _check_versions(existing, changes, versions)
    expected = set(Indicator.objects.for_schema(campaign.schema).schema_wide().values_list("pk", flat=True))
    for indicator in changes:
        if indicator.pk not in expected:
            raise Refused("Cet indicateur n'est pas saisi à l'échelle de ce schéma.")
        current = existing.get(indicator.pk)
        if not overrides_value_locks(user) and current is not None and current.status == ValueStatus.VALIDATED:
            raise Refused(value_refusal(current))
    for indicator, fields in changes.items():
        value = _write(
            existing, indicator=indicator, campaign=campaign, structure=None, fields=dict(fields), user=user, submit=False
        )
        if value is not None and validate and not value.is_empty and value.status != ValueStatus.VALIDATED:
            value.status = ValueStatus.VALIDATED
            _save(value, user=user, reason="Validée")
    return existing


@transaction.atomic
def validate_entry(*, campaign, structure, user):
    """Validate every submitted value of a structure; return how many were validated."""
    reason = access.refusal(user, "indicateurs.validate_values", campaign)
    if reason:
        raise Refused(reason)
    values = [v for v in _locked_values(campaign, structure).values() if v.status == ValueStatus.SUBMITTED]
    if not values:
        raise Refused("Cette structure n'a aucune valeur transmise à valider.")
    for value in values:
        value.status = ValueStatus.VALIDATED
        _save(value, user=user, reason="Validée")
    return len(values)


@transaction.atomic
def validate_value(*, value, user):
    """Validate one submitted value."""
    value = IndicatorValue.objects.select_for_update(of=("self",)).select_related("campaign__schema").get(pk=value.pk)
    reason = access.refusal(user, "indicateurs.validate_values", value.campaign)
    if reason:
        raise Refused(reason)
    if value.status != ValueStatus.SUBMITTED:
        raise Refused("Seule une valeur transmise peut être validée.")
    value.status = ValueStatus.VALIDATED
    _save(value, user=user, reason="Validée")
    return value


@transaction.atomic
def return_value(*, value, user, comment, base_url=None):
    """Send one submitted (or validated) value back to its structure with the conseiller's comment, and e-mail
    the structure's directors the comment and a link to their entry page."""
    value = (
        IndicatorValue.objects.select_for_update(of=("self",))
        .select_related("campaign__schema", "structure", "indicator")
        .get(pk=value.pk)
    )
    reason = access.refusal(user, "indicateurs.validate_values", value.campaign)
    if reason:
        raise Refused(reason)
    if value.structure_id is None:
        raise Refused("Une valeur du schéma ne se renvoie pas : corrigez-la directement.")
    if value.status not in (ValueStatus.SUBMITTED, ValueStatus.VALIDATED):
        raise Refused("Seule une valeur transmise peut être renvoyée à la structure.")
    value.status = ValueStatus.RETURNED
    value.return_comment = comment
    _save(value, user=user, reason="Renvoyée pour correction")
    notifications.send(notifications.returned_messages(value, base_url=base_url))
    return value


# --- Campaigns -----------------------------------------------------------------------------------


def _check_admin(user):
    if reason := access.refusal(user, "indicateurs.manage_campaign"):
        raise Refused(reason)


def directors_of(campaign):
    """Directors of the structures the campaign expects, with their structures of the département."""
    structures = campaign.structures()
    return directeurs().filter(structures__in=structures).distinct()


def _entry_emails(campaign, *, base_url, reminder=False, only_structures=None):
    structures = campaign.structures().prefetch_related("directors").order_by("name")
    if only_structures is not None:
        structures = structures.filter(pk__in=only_structures)
    messages = []
    for structure in structures:
        messages += notifications.entry_messages(campaign, structure, base_url=base_url, reminder=reminder)
    return notifications.send(messages)


@transaction.atomic
def open_campaign(*, campaign, user, base_url):
    """Open the campaign and e-mail each director a link to their entry page; return the number of e-mails."""
    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("schema").get(pk=campaign.pk)
    if campaign.is_open:
        raise Refused("La campagne est déjà ouverte.")
    if Campaign.objects.filter(schema=campaign.schema, status=CampaignStatus.OPEN).exists():
        raise Refused("Une autre campagne de ce schéma est ouverte : clôturez-la d'abord.")
    was_closed = campaign.is_closed
    campaign.status = CampaignStatus.OPEN
    campaign._history_user = user
    campaign.save()
    if was_closed:
        return 0
    return _entry_emails(campaign, base_url=base_url)


@transaction.atomic
def close_campaign(*, campaign, user):
    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    if campaign.is_closed:
        raise Refused("La campagne est déjà close.")
    campaign.status = CampaignStatus.CLOSED
    campaign._history_user = user
    campaign.save()
    campaign.reopened_structures.clear()
    return campaign


@transaction.atomic
def reopen_campaign(*, campaign, user):
    """Reopen a closed campaign as a whole."""
    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("schema").get(pk=campaign.pk)
    if not campaign.is_closed:
        raise Refused("Seule une campagne close peut être rouverte.")
    if Campaign.objects.filter(schema=campaign.schema, status=CampaignStatus.OPEN).exists():
        raise Refused("Une autre campagne de ce schéma est ouverte : clôturez-la d'abord.")
    campaign.status = CampaignStatus.OPEN
    campaign._history_user = user
    campaign.save()
    return campaign


@transaction.atomic
def reopen_structures(*, campaign, user, structures, until, reason, base_url=None):
    """Reopen a closed campaign for some structures until ``until`` (their values go back to draft), log it with
    its reason and e-mail their directors; return (values back to draft, e-mails sent)."""
    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("schema").get(pk=campaign.pk)
    if not campaign.is_closed:
        raise Refused("La campagne est ouverte : renvoyez les valeurs à corriger plutôt que de rouvrir la saisie.")
    if not structures:
        raise Refused("Choisissez au moins une structure.")
    if until < timezone.localdate():
        raise Refused("La date de fin de la saisie rouverte est passée : choisissez aujourd'hui ou une date à venir.")
    outside = [s.name for s in structures if s.commune.department_code != campaign.schema.department_code]
    if outside:
        raise Refused(f"Ces structures ne relèvent pas du département de ce schéma : {', '.join(outside)}.")
    count, messages = 0, []
    for structure in structures:
        campaign.reopened_structures.add(structure)
        for value in _locked_values(campaign, structure).values():
            if value.status != ValueStatus.DRAFT:
                value.status = ValueStatus.DRAFT
                _save(value, user=user, reason="Saisie rouverte")
                count += 1
        sent = notifications.reopened_messages(campaign, structure, until=until, reason=reason, base_url=base_url)
        CampaignEvent.objects.create(
            campaign=campaign,
            structure=structure,
            kind=CampaignEventKind.REOPENED,
            reason=reason,
            until=until,
            emails=len(sent),
            by=user,
        )
        messages += sent
    return count, notifications.send(messages)


@transaction.atomic
def extend_campaign(*, campaign, user, closes_on, reason, base_url=None):
    """Move the closing date of a campaign later, log it with its reason and tell the directors of the structures
    that have not submitted everything; return the number of e-mails sent."""
    from .completeness import EntryState, entry_states

    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("schema").get(pk=campaign.pk)
    if campaign.is_closed:
        raise Refused("La campagne est close : rouvrez-la, ou rouvrez la saisie pour les structures concernées.")
    if closes_on <= campaign.closes_on:
        raise Refused(f"La nouvelle date de clôture doit suivre la date actuelle ({campaign.closes_on:%d/%m/%Y}).")
    previous = campaign.closes_on
    campaign.closes_on = closes_on
    campaign._history_user = user
    campaign._change_reason = reason
    campaign.save()
    CampaignEvent.objects.create(
        campaign=campaign, kind=CampaignEventKind.EXTENDED, reason=reason, until=closes_on, previous_date=previous, by=user
    )
    if not campaign.is_open:
        return 0
    late = [pk for pk, state in entry_states(campaign).items() if state in EntryState.NOT_SUBMITTED]
    messages = []
    for structure in campaign.structures().filter(pk__in=late).prefetch_related("directors").order_by("name"):
        messages += notifications.entry_messages(campaign, structure, base_url=base_url, extended=True, reason=reason)
    return notifications.send(messages)


@transaction.atomic
def remind_structures(*, campaign, user, structure_ids, base_url=None):
    """E-mail the directors of the given structures that have not submitted everything, and log each reminder on
    its structure (who, when); return (structures reminded, e-mails sent)."""
    from .completeness import EntryState, entry_states

    reason = access.refusal(user, "indicateurs.remind_structures", campaign)
    if reason:
        raise Refused(reason)
    late = {pk for pk, state in entry_states(campaign).items() if state in EntryState.NOT_SUBMITTED}
    chosen = late & set(structure_ids)
    if not chosen:
        raise Refused("Aucune des structures choisies n'est en retard : personne à relancer.")
    reminded, messages = 0, []
    for structure in campaign.structures().filter(pk__in=chosen).prefetch_related("directors").order_by("name"):
        sent = notifications.entry_messages(campaign, structure, base_url=base_url, reminder=True)
        CampaignEvent.objects.create(
            campaign=campaign, structure=structure, kind=CampaignEventKind.REMINDED, emails=len(sent), by=user
        )
        reminded += 1
        messages += sent
    return reminded, notifications.send(messages)


def remind(*, campaign, base_url):
    """E-mail now the directors of the structures that have not submitted every value (manage.py remind_campaign),
    logging each reminder on its structure; return the number of e-mails."""
    from .completeness import EntryState, entry_states

    late = [pk for pk, state in entry_states(campaign).items() if state in EntryState.NOT_SUBMITTED]
    messages = []
    for structure in campaign.structures().filter(pk__in=late).prefetch_related("directors").order_by("name"):
        sent = notifications.entry_messages(campaign, structure, base_url=base_url, reminder=True)
        CampaignEvent.objects.create(campaign=campaign, structure=structure, kind=CampaignEventKind.REMINDED, emails=len(sent))
        messages += sent
    return notifications.send(messages)


@transaction.atomic
def import_values(*, campaign, user, changes):
    """Write the parsed rows of an import (administrators), all or nothing; return the number of values written."""

    if reason := access.refusal(user, "indicateurs.import_values"):
        raise Refused(reason)
    by_structure = {}
    for (structure_id, _indicator_id), (indicator, fields) in changes.items():
        by_structure.setdefault(structure_id, {})[indicator] = fields
    structures = Structure.objects.select_related("commune").in_bulk(list(by_structure))
    count = 0
    for structure_id, structure_changes in by_structure.items():
        written = save_entry(campaign=campaign, structure=structures[structure_id], user=user, changes=structure_changes)
        count += len(structure_changes) if written is not None else 0
    return count
