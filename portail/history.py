"""The "Historique" of audited objects (django-simple-history): who changed what, when, before → after;
and the administrateurs' restore of deleted objects.

Other apps link an object's history with
``{% url 'history' app_label='structures' model_name='structure' pk=structure.pk %}``. Each audited
model is listed in AUDITED with the permission needed to read its history and the object that
permission is asked about (the structure of a funding, the action of a progress update…). The history shows
every field, so that permission is the one of the object's most private field.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from core.access import check_perm

# Fields whose change says nothing to a reader (timestamps and counters that move with every save).
NOISE_FIELDS = {"id", "updated_at", "version", "last_update"}

KIND_LABELS = {"+": "Création", "~": "Modification", "-": "Suppression"}

# Who may restore a deleted object (comptes/rules.py).
RESTORE_PERM = "comptes.restore_deleted"


@dataclass(frozen=True)
class Audited:
    perm: str
    # The object the permission is asked about, from the audited object (None: the object itself).
    target: object = None


def _structure(obj):
    return obj.structure


def _indicator_value_target(value):
    return value.structure if value.structure_id else value.indicator


AUDITED = {
    "fiches.schema": Audited("fiches.view_schema"),
    "fiches.axis": Audited("fiches.view_schema", lambda axis: axis.schema),
    "fiches.orientation": Audited("fiches.view_schema", lambda orientation: orientation.axis.schema),
    "fiches.fiche": Audited("fiches.view_fiche"),
    "fiches.action": Audited("fiches.view_action"),
    "fiches.actionupdate": Audited("fiches.view_action", lambda update: update.action),
    "structures.structure": Audited("structures.view_structure_private"),
    # An agrément's comment is the Caf's private note (the structure page shows it to the private readers only).
    "structures.agrement": Audited("structures.view_structure_private", _structure),
    "structures.organisation": Audited("structures.change_organisation"),
    "structures.funding": Audited("structures.view_structure_private", _structure),
    # The Caf in charge of the convention's département: the same rule as for changing it.
    "structures.convention": Audited("structures.change_convention"),
    "indicateurs.indicator": Audited("indicateurs.view_indicator"),
    "indicateurs.campaign": Audited("fiches.view_schema", lambda campaign: campaign.schema),
    # A per-structure value: whoever reads the structure's private file; a schéma-wide value: its indicator's readers.
    "indicateurs.indicatorvalue": Audited("structures.view_structure_private", _indicator_value_target),
    "comptes.user": Audited("comptes.manage_users", lambda user: None),
    # A meeting's history holds its minutes: read by whoever reads the instance (members and the Caf).
    "gouvernance.instance": Audited("gouvernance.view_instance"),
    "gouvernance.meeting": Audited("gouvernance.view_instance"),
    "gouvernance.decision": Audited("gouvernance.view_instance"),
}
# The schéma-wide values are read with the indicator permission (see _check_history_perm).
_INDICATOR_PERM = "indicateurs.view_indicator"


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    date: datetime.datetime
    user: object
    kind: str
    kind_label: str
    reason: str
    changes: list = field(default_factory=list)


def audited_model(app_label, model_name):
    """The audited model named in a URL, or 404."""
    key = f"{app_label}.{model_name}".lower()
    if key not in AUDITED:
        raise Http404("Cet objet n'a pas d'historique.")
    return apps.get_model(app_label, model_name)


def check_history_perm(user, obj):
    """PermissionDenied unless ``user`` may read the history of ``obj``."""

    audited = AUDITED[obj._meta.label_lower]
    target = obj if audited.target is None else audited.target(obj)
    perm = audited.perm
    if obj._meta.label_lower == "indicateurs.indicatorvalue" and not obj.structure_id:
        perm = _INDICATOR_PERM
    check_perm(user, perm, target, reason="L'historique de cet objet ne fait pas partie de votre périmètre.")


def _tracked_fields(model):
    """The model's fields that its history records (not password nor last_login for users), less the noise."""
    recorded = {f.attname for f in model.history.model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name not in NOISE_FIELDS and f.attname in recorded]


def _display(field, value, related):
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(related.get((field.name, value), f"n° {value} (supprimé)"))
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _related_objects(fields, records):
    """The objects the records' foreign keys point to, one query per foreign key."""
    related = {}
    for f in fields:
        if not f.is_relation:
            continue
        pks = {getattr(record, f.attname) for record in records} - {None}
        if pks:
            for pk, obj in f.related_model._default_manager.in_bulk(pks).items():
                related[(f.name, pk)] = obj
    return related


def _m2m_snapshots(model, records):
    """For the many-to-many fields the history keeps (a user's scope, a convention's parties): by field,
    the label of each record's links. One query per field, plus one for the linked objects."""
    historical = model.history.model
    snapshots = {}
    ids = [record.history_id for record in records]
    for f in getattr(historical, "_history_m2m_fields", []):
        through = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{f.name}")
        target = next(t for t in through._meta.fields if t.is_relation and t.related_model is f.related_model)
        links = {}
        for history_id, target_pk in through.objects.filter(history_id__in=ids).values_list("history_id", target.attname):
            links.setdefault(history_id, set()).add(target_pk)
        objects = f.related_model._default_manager.in_bulk(set().union(*links.values()) if links else set())
        snapshots[f] = {
            record.history_id: ", ".join(
                sorted(str(objects.get(pk, f"n° {pk} (supprimé)")) for pk in links.get(record.history_id, ()))
            )
            or "—"
            for record in records
        }
    return snapshots


def history_entries(model, pk):
    """The history of object ``pk`` of ``model``, newest first, each entry with its before → after changes."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("history_date", "history_id"))
    fields = _tracked_fields(model)
    related = _related_objects(fields, records)
    m2m = _m2m_snapshots(model, records)
    entries = []
    previous = None
    for record in records:
        changes = []
        for f in fields:
            after = getattr(record, f.attname)
            before = getattr(previous, f.attname) if previous is not None else None
            if record.history_type == "-":
                continue
            if previous is None and after in (None, ""):
                continue
            if previous is not None and before == after:
                continue
            changes.append(
                Change(
                    str(f.verbose_name).capitalize(),
                    "" if previous is None else _display(f, before, related),
                    _display(f, after, related),
                )
            )
        if record.history_type != "-":
            for f, labels in m2m.items():
                before = labels[previous.history_id] if previous is not None else "—"
                after = labels[record.history_id]
                if before != after:
                    changes.append(Change(str(f.verbose_name).capitalize(), "" if previous is None else before, after))
        entries.append(
            Entry(
                date=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                kind_label=KIND_LABELS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


# --- Deleted objects ---------------------------------------------------------------------------


@dataclass
class DeletedRecord:
    model: type
    record: object

    @property
    def app_label(self):
        return self.model._meta.app_label

    @property
    def model_name(self):
        return self.model._meta.model_name

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def label(self):
        try:
            return str(_as_it_was(self.record))
        except Exception:  # noqa: BLE001 - a __str__ that reads a deleted parent
            return f"{self.verbose_name} n° {self.record.id}"


def _as_it_was(record):
    """The object a history row records, as ``record.instance`` builds it but without its query for the fields
    the history leaves out: an object deleted has none left to give, and the generated ones (stored folded
    names) are the database's to fill."""
    model = record.instance_type
    recorded = {f.attname for f in type(record)._meta.concrete_fields}
    fields = [f for f in model._meta.concrete_fields if f.attname in recorded and not f.generated]
    return model(**{f.attname: getattr(record, f.attname) for f in fields})


def deleted_records(limit=200):
    """The audited objects deleted and not restored since, newest first."""
    found = []
    for key in AUDITED:
        model = apps.get_model(key)
        history = model.history.model
        alive = model._default_manager.values("pk")
        deleted = (
            history.objects.filter(history_type="-")
            .exclude(id__in=alive)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        found.extend(DeletedRecord(model, record) for record in deleted)
    found.sort(key=lambda item: item.record.history_date, reverse=True)
    return found[:limit]


def restore_deleted(*, model, history_id, user):
    """Re-create a deleted object as it was just before its deletion; its history gets a "Création"
    entry. Raises ValueError with a French message when it cannot be restored."""
    history = model.history.model
    try:
        record = history.objects.get(history_id=history_id, history_type="-")
    except (history.DoesNotExist, ValueError) as error:
        raise Http404("Aucune suppression ne correspond à cette adresse.") from error
    if not getattr(user, "is_admin", False) or not user.has_perm(RESTORE_PERM):
        raise PermissionDenied("Seuls les administrateurs peuvent restaurer un objet supprimé.")
    if model._default_manager.filter(pk=record.id).exists():
        raise ValueError("Cet objet a déjà été restauré.")
    instance = _as_it_was(record)
    for f in model._meta.concrete_fields:
        if f.generated:
            continue  # the database fills it on insert
        value = getattr(instance, f.attname)
        if f.is_relation and value is not None and not f.related_model._default_manager.filter(pk=value).exists():
            if not f.null:
                raise ValueError(
                    f"Cet objet ne peut pas être restauré : son objet parent ({f.verbose_name}) a été supprimé aussi. "
                    "Restaurez-le d'abord."
                )
            setattr(instance, f.attname, None)
    instance._change_reason = "Restauration après suppression"
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as error:
        raise ValueError(
            "Cet objet ne peut pas être restauré tel quel : l'objet dont il dépend a été supprimé aussi "
            "(restaurez-le d'abord) ou un autre objet occupe désormais sa place."
        ) from error
    return instance


# --- Views -------------------------------------------------------------------------------------


def history_view(request, app_label, model_name, pk):
    """The "Historique" of one object, for whoever may read it (see AUDITED)."""
    from django.shortcuts import render

    model = audited_model(app_label, model_name)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        # A deleted object: its history stays readable by administrateurs.
        if not (request.user.has_perm(RESTORE_PERM) and model.history.filter(id=pk).exists()):
            raise Http404(f"Aucun objet « {model._meta.verbose_name} » ne correspond à cette adresse.")
        title = f"{model._meta.verbose_name} n° {pk} (supprimé)"
    else:
        check_history_perm(request.user, obj)
        title = str(obj)
    context = {
        "object": obj,
        "title": title,
        "verbose_name": model._meta.verbose_name,
        "entries": history_entries(model, pk),
        "back_url": obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else None,
    }
    return render(request, "portail/history.html", context)


def deleted_list_view(request):
    """Administrateurs: the deleted objects, each with a "Restaurer" button."""
    from django.shortcuts import render

    check_perm(request.user, RESTORE_PERM, reason="Seuls les administrateurs peuvent restaurer un objet supprimé.")
    return render(request, "portail/deleted_list.html", {"records": deleted_records()})


@require_POST
def restore_view(request, app_label, model_name, history_id):
    """POST: restore one deleted object, then back to the list with a French message."""
    from django.contrib import messages
    from django.shortcuts import redirect

    check_perm(request.user, RESTORE_PERM, reason="Seuls les administrateurs peuvent restaurer un objet supprimé.")
    model = audited_model(app_label, model_name)
    try:
        instance = restore_deleted(model=model, history_id=history_id, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"« {instance} » est restauré.")
    return redirect("deleted_list")
