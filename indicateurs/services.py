"""Writes of the indicators app: each function runs in one transaction and re-checks the rules on fresh rows.

Every change of an IndicatorValue goes through ``_save`` so that django-simple-history records who changed it,
when, the values before and after (two consecutive history rows) and the reason (status change).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from comptes.enums import Role
from comptes.models import User
from core.concurrency import StaleObjectError, lock_version

from .enums import CampaignStatus, ValueStatus
from .models import Campaign, Indicator, IndicatorValue
from .rules import Entry, entry_refusal, validation_refusal, value_refusal

INCOMPLETE_REASON = "Renseignez toutes les valeurs avant de transmettre."
FIELDS = ("number", "boolean", "text", "comment")


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
    """Refuse (StaleObjectError) a save from a form read before someone else saved one of its values."""
    if versions is None:  # a write that read the values itself (the import), not a form
        return
    for indicator in changes:
        seen, current = versions.get(indicator.pk), existing.get(indicator.pk)
        if current is None:
            continue
        if not seen:  # the person saw no value (0), or the form did not say which (missing): stale
            raise StaleObjectError(current, [])
        lock_version(IndicatorValue.objects.select_related("indicator"), current.pk, expected_version=seen)


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
    changed = value.pk is None or any(getattr(value, name) != fields[name] for name in FIELDS)
    for name in FIELDS:
        setattr(value, name, fields[name])
    if submit and value.status in (ValueStatus.DRAFT, ValueStatus.RETURNED):
        value.status = ValueStatus.SUBMITTED
        value.return_comment = ""
        _save(value, user=user, reason="Transmise")
    elif changed:
        _save(value, user=user, reason="Modifiée" if value.pk else "Saisie")
    return value


@transaction.atomic
def save_entry(*, campaign, structure, user, changes, submit=False, versions=None):
    """Save a structure's values (``changes``: {indicator: fields} from ValuesForm.changes); with ``submit``,
    transmit them all. Raises Refused with the French reason when the rules say no."""
    reason = entry_refusal(user, Entry(campaign, structure))
    if reason:
        raise Refused(reason)
    existing = _locked_values(campaign, structure)
    _check_versions(existing, changes, versions)
    indicators = list(Indicator.objects.for_schema(campaign.schema).per_structure())
    expected = {i.pk for i in indicators}
    admin = user.is_admin
    for indicator in changes:
        if indicator.pk not in expected:
            raise Refused("Cet indicateur n'est pas demandé aux structures de ce schéma.")
        if not admin and (refusal := value_refusal(existing.get(indicator.pk))):
            raise Refused(refusal)
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
    reason = validation_refusal(user, campaign)
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
        if not user.is_admin and current is not None and current.status == ValueStatus.VALIDATED:
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
    reason = validation_refusal(user, campaign)
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
def return_value(*, value, user, comment):
    """Send one submitted (or validated) value back to its structure with the conseiller's comment."""
    value = IndicatorValue.objects.select_for_update(of=("self",)).select_related("campaign__schema").get(pk=value.pk)
    reason = validation_refusal(user, value.campaign)
    if reason:
        raise Refused(reason)
    if value.structure_id is None:
        raise Refused("Une valeur du schéma ne se renvoie pas : corrigez-la directement.")
    if value.status not in (ValueStatus.SUBMITTED, ValueStatus.VALIDATED):
        raise Refused("Seule une valeur transmise peut être renvoyée à la structure.")
    value.status = ValueStatus.RETURNED
    value.return_comment = comment
    _save(value, user=user, reason="Renvoyée pour correction")
    return value


# --- Campaigns -----------------------------------------------------------------------------------


def _check_admin(user):
    if not user.is_admin:
        raise Refused("Seuls les administrateurs gèrent les campagnes.")


def directors_of(campaign):
    """Directors of the structures the campaign expects, with their structures of the département."""
    structures = campaign.structures()
    return User.objects.filter(role=Role.DIRECTEUR, is_active=True, structures__in=structures).distinct()


def _entry_emails(campaign, *, base_url, reminder=False, only_structures=None):
    structures = campaign.structures().prefetch_related("directors").order_by("name")
    if only_structures is not None:
        structures = structures.filter(pk__in=only_structures)
    messages = []
    for structure in structures:
        link = base_url.rstrip("/") + reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
        for director in structure.directors.all():
            if director.role != Role.DIRECTEUR or not director.is_active:
                continue
            subject = (
                f"Rappel : campagne des indicateurs {campaign.year} — {structure.name}"
                if reminder
                else f"Campagne des indicateurs {campaign.year} ouverte — {structure.name}"
            )
            opening = (
                "Les valeurs de votre structure ne sont pas encore toutes transmises"
                if reminder
                else f"La campagne des indicateurs {campaign.year} est ouverte"
            )
            body = (
                f"Bonjour,\n\n{opening} pour {structure.name} ({campaign.schema.title}).\n"
                f"Clôture prévue le {campaign.closes_on:%d/%m/%Y}.\n\n"
                f"Saisissez les valeurs de votre structure à cette adresse :\n{link}\n\n"
                "L'équipe du schéma d'animation de la vie sociale"
            )
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [director.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


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
def reopen_campaign(*, campaign, user, structure=None):
    """Reopen a closed campaign: as a whole, or for one structure only (its values go back to draft)."""
    _check_admin(user)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("schema").get(pk=campaign.pk)
    if structure is None:
        if not campaign.is_closed:
            raise Refused("Seule une campagne close peut être rouverte.")
        if Campaign.objects.filter(schema=campaign.schema, status=CampaignStatus.OPEN).exists():
            raise Refused("Une autre campagne de ce schéma est ouverte : clôturez-la d'abord.")
        campaign.status = CampaignStatus.OPEN
        campaign._history_user = user
        campaign.save()
        return 0
    if structure.commune.department_code != campaign.schema.department_code:
        raise Refused("Cette structure ne relève pas du département de ce schéma.")
    if not campaign.is_closed:
        raise Refused("La campagne est ouverte : renvoyez les valeurs à corriger plutôt que de rouvrir la saisie.")
    campaign.reopened_structures.add(structure)
    count = 0
    for value in _locked_values(campaign, structure).values():
        if value.status != ValueStatus.DRAFT:
            value.status = ValueStatus.DRAFT
            _save(value, user=user, reason="Saisie rouverte")
            count += 1
    return count


def remind(*, campaign, base_url):
    """E-mail the directors of the structures that have not submitted every value; return the number of e-mails."""
    from .completeness import EntryState, entry_states

    late = [pk for pk, state in entry_states(campaign).items() if state in EntryState.NOT_SUBMITTED]
    return _entry_emails(campaign, base_url=base_url, reminder=True, only_structures=late)


@transaction.atomic
def import_values(*, campaign, user, changes):
    """Write the parsed rows of an import (administrators), all or nothing; return the number of values written."""
    from structures.models import Structure

    if not user.is_admin:
        raise Refused("Seuls les administrateurs importent des valeurs.")
    by_structure = {}
    for (structure_id, _indicator_id), (indicator, fields) in changes.items():
        by_structure.setdefault(structure_id, {})[indicator] = fields
    structures = Structure.objects.select_related("commune").in_bulk(list(by_structure))
    count = 0
    for structure_id, structure_changes in by_structure.items():
        written = save_entry(campaign=campaign, structure=structures[structure_id], user=user, changes=structure_changes)
        count += len(structure_changes) if written is not None else 0
    return count
