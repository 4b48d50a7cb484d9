"""Lossless export of one schéma with everything attached to it, and its import.

What an export holds (``collect``), every row with its primary key and every field as stored:

- the schéma, its axes, orientations, fiches (with their organisations' roles and followers),
  actions and their progress updates, expected results, indicators, targets, campaigns and values;
- the structures of the schéma's département (communes of the département), their SENACS answers,
  agréments and fundings, and the département's conventions;
- every organisation those rows point to (pilot, fiche organisations, funders, managers,
  signatories, partners' organisations), with their communes;
- its governance: instances (with their member organisations), meetings (with attendance), decisions
  (with their fiches, actions and carrier), their follow-up and reminders sent, the fiches' météos;
- the users linked to it: its conseillers, the directors of its structures, the partners of its
  organisations, the authors of its updates and values and the followers of its fiches, with their
  role, scope (restricted to the exported schéma and structures), password hash and dates;
- with ``history=True``, the history rows (django-simple-history) of the exported objects that
  still exist, with their many-to-many snapshots and the users who made those changes. The history
  of objects deleted before the export is not included.

Not included: sessions, login attempts (django-axes), invitations, Django groups and per-user
permissions (roles do not use them), other schémas and other départements.

``import_full`` reads such a file into a database that holds none of its rows (same primary keys),
in one transaction, without writing history rows of its own. ``import_as_template`` starts a new
schéma from an exported one: axes, orientations, fiches, expected results, actions and indicators,
without values, progress, organisations or users, under a new territory and period.
"""

import datetime
import json
import uuid
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

FORMAT = "avs-schema-export"
VERSION = 1


class ExportError(Exception):
    """A French message for the person running the command."""


class _Encoder(json.JSONEncoder):
    """JSON for the serializer's values, without losing precision (Django's encoder cuts microseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, uuid.UUID):
            return str(o)
        return super().default(o)


def _model(label):
    return apps.get_model(label)


# --- Export --------------------------------------------------------------------------------------


def collect(schema, *, history=False):
    """The querysets of everything attached to ``schema``, by model label, in an order that imports."""
    Schema = _model("fiches.Schema")
    Commune, Organisation, Structure = (
        _model("structures.Commune"),
        _model("structures.Organisation"),
        _model("structures.Structure"),
    )
    User = _model("comptes.User")
    department = schema.department_code

    structures = Structure.objects.filter(commune__department_code=department)
    conventions = _model("structures.Convention").objects.filter(department_code=department)
    fiches = _model("fiches.Fiche").objects.filter(schema=schema)
    fiche_links = _model("fiches.FicheOrganisation").objects.filter(fiche__schema=schema)
    actions = _model("fiches.Action").objects.filter(fiche__schema=schema)
    updates = _model("fiches.ActionUpdate").objects.filter(action__fiche__schema=schema)
    indicators = _model("indicateurs.Indicator").objects.filter(fiche__schema=schema)
    campaigns = _model("indicateurs.Campaign").objects.filter(schema=schema)
    values = _model("indicateurs.IndicatorValue").objects.filter(campaign__schema=schema)
    fundings = _model("structures.Funding").objects.filter(structure__in=structures)
    instances = _model("gouvernance.Instance").objects.filter(schema=schema)
    meetings = _model("gouvernance.Meeting").objects.filter(body__schema=schema)
    decisions = _model("gouvernance.Decision").objects.filter(meeting__body__schema=schema)
    decision_updates = _model("gouvernance.DecisionUpdate").objects.filter(decision__meeting__body__schema=schema)
    weathers = _model("gouvernance.FicheWeather").objects.filter(fiche__schema=schema)

    org_ids = set()
    org_ids.update(filter(None, [schema.pilot_id]))
    org_ids.update(fiche_links.values_list("organisation_id", flat=True))
    org_ids.update(fundings.values_list("funder_id", flat=True))
    org_ids.update(structures.exclude(manager=None).values_list("manager_id", flat=True))
    org_ids.update(conventions.values_list("organisations", flat=True))
    org_ids.update(instances.values_list("members", flat=True))
    org_ids.update(meetings.values_list("attendees", flat=True))
    org_ids.update(decisions.values_list("carrier_id", flat=True))

    user_ids = set(User.objects.filter(schemas=schema).values_list("pk", flat=True))
    user_ids.update(User.objects.filter(structures__in=structures).values_list("pk", flat=True))
    user_ids.update(fiches.values_list("followers", flat=True))
    user_ids.update(updates.values_list("author_id", flat=True))
    user_ids.update(values.values_list("updated_by_id", flat=True))
    user_ids.update(decisions.values_list("carrier_person_id", flat=True))
    user_ids.update(decision_updates.values_list("author_id", flat=True))
    user_ids.update(weathers.values_list("author_id", flat=True))
    user_ids.update(User.objects.filter(organisation_id__in=org_ids).values_list("pk", flat=True))
    user_ids.discard(None)
    org_ids.discard(None)
    users = User.objects.filter(pk__in=user_ids)
    org_ids.update(users.exclude(organisation=None).values_list("organisation_id", flat=True))
    organisations = Organisation.objects.filter(pk__in=org_ids)
    commune_ids = set(Commune.objects.filter(department_code=department).values_list("pk", flat=True))
    commune_ids.update(organisations.exclude(commune=None).values_list("commune_id", flat=True))

    rows = {
        "structures.commune": Commune.objects.filter(pk__in=commune_ids),
        "structures.organisation": organisations,
        "fiches.schema": Schema.objects.filter(pk=schema.pk),
        "structures.structure": structures,
        "comptes.user": users,
        "structures.senacsresponse": _model("structures.SenacsResponse").objects.filter(structure__in=structures),
        "structures.agrement": _model("structures.Agrement").objects.filter(structure__in=structures),
        "structures.funding": fundings,
        "structures.convention": conventions,
        "fiches.axis": _model("fiches.Axis").objects.filter(schema=schema),
        "fiches.orientation": _model("fiches.Orientation").objects.filter(axis__schema=schema),
        "fiches.fiche": fiches,
        "fiches.ficheorganisation": fiche_links,
        "fiches.action": actions,
        "fiches.actionupdate": updates,
        "fiches.expectedresult": _model("fiches.ExpectedResult").objects.filter(fiche__schema=schema),
        "indicateurs.indicator": indicators,
        "indicateurs.indicatortarget": _model("indicateurs.IndicatorTarget").objects.filter(indicator__fiche__schema=schema),
        "indicateurs.campaign": campaigns,
        "indicateurs.indicatorvalue": values,
        "gouvernance.instance": instances,
        "gouvernance.meeting": meetings,
        "gouvernance.decision": decisions,
        "gouvernance.decisionupdate": decision_updates,
        "gouvernance.decisionreminder": _model("gouvernance.DecisionReminder").objects.filter(decision__in=decisions),
        "gouvernance.ficheweather": weathers,
    }
    if history:
        rows.update(_history_rows(rows))
    return rows


def _history_rows(rows):
    """The history rows of the exported objects, and their many-to-many snapshots."""
    history = {}
    for queryset in list(rows.values()):
        model = queryset.model
        manager = getattr(model, "history", None)
        if manager is None:
            continue
        historical = manager.model
        records = historical.objects.filter(id__in=queryset.values("pk"))
        history[historical._meta.label_lower] = records
        for m2m_model in apps.get_models():
            for field in m2m_model._meta.fields:
                if field.name == "history" and field.is_relation and field.related_model is historical:
                    history[m2m_model._meta.label_lower] = m2m_model.objects.filter(history__in=records.values("pk"))
    return history


def _users_of_history(rows):
    """The users who made the exported history rows (they are exported too)."""
    ids = set()
    for label, queryset in rows.items():
        if label.split(".")[1].startswith("historical") and any(f.name == "history_user" for f in queryset.model._meta.fields):
            ids.update(queryset.exclude(history_user=None).values_list("history_user_id", flat=True))
    return ids


def _clean_links(records, exported):
    """Keep the links between exported rows only: a nullable foreign key to a row outside the export
    becomes empty, many-to-many lists keep exported rows only. Foreign keys without a database
    constraint (history rows) are kept as they were."""
    for record in records:
        model = _model(record["model"])
        for field in model._meta.get_fields():
            if field.many_to_many and field.concrete and field.name in record["fields"]:
                target = field.related_model._meta.label_lower
                record["fields"][field.name] = [pk for pk in record["fields"][field.name] if pk in exported.get(target, ())]
            elif field.many_to_one and field.concrete and field.db_constraint:
                value = record["fields"].get(field.name)
                target = field.related_model._meta.label_lower
                if value is not None and value not in exported.get(target, ()):
                    if not field.null:
                        raise ExportError(f"« {model._meta.verbose_name} » n° {record['pk']} dépend d'un objet hors de l'export.")
                    record["fields"][field.name] = None
    return records


def export_schema(schema, *, history=False):
    """The export of ``schema`` as a dict ready for json.dump (see the module's docstring)."""
    rows = collect(schema, history=history)
    if history:
        User = _model("comptes.User")
        extra = _users_of_history(rows) - set(rows["comptes.user"].values_list("pk", flat=True))
        if extra:
            rows["comptes.user"] = User.objects.filter(pk__in=set(rows["comptes.user"].values_list("pk", flat=True)) | extra)
    records = []
    exported = {}
    for label, queryset in rows.items():
        objects = list(queryset.order_by("pk"))
        exported[label] = {obj.pk for obj in objects}
        records.extend(serializers.serialize("python", objects))
    for record in records:
        record["model"] = record["model"].lower()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "schema": {"pk": schema.pk, "slug": schema.slug, "title": schema.title},
        "history": history,
        "counts": {label: len(pks) for label, pks in exported.items()},
        "records": _clean_links(records, exported),
    }


def dumps(data):
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=1)


def read(stream):
    """The export read from a file object, checked for its format."""
    try:
        data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ExportError(f"Ce fichier n'est pas un export JSON lisible : {error}.") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError("Ce fichier n'est pas un export de schéma AVS.")
    if data.get("version") != VERSION:
        raise ExportError(f"Version d'export non prise en charge : {data.get('version')} (attendue : {VERSION}).")
    return data


# --- Full import ---------------------------------------------------------------------------------


def _check_empty(records):
    by_model = defaultdict(set)
    for record in records:
        by_model[record["model"]].add(record["pk"])
    for label, pks in by_model.items():
        model = _model(label)
        if model._default_manager.filter(pk__in=pks).exists():
            raise ExportError(
                f"La base contient déjà des « {model._meta.verbose_name_plural} » de cet export : "
                "l'import complet se fait dans une base vide (ou utilisez --as-template)."
            )


def import_full(data):
    """Read an export into a database that holds none of its rows. Returns the counts by model."""
    records = data["records"]
    try:
        objects = list(serializers.deserialize("python", records, handle_forward_references=True))
    except serializers.base.DeserializationError as error:
        raise ExportError(f"L'export est illisible : {error}") from error
    _check_empty(records)
    counts = defaultdict(int)
    # Links are set once every row exists (DeserializedObject.save forgets them).
    links = [(item.object, item.m2m_data) for item in objects if item.m2m_data]
    with transaction.atomic():
        for item in objects:
            item.save(save_m2m=False)
            counts[item.object._meta.label_lower] += 1
        for obj, m2m_data in links:
            # Setting links fires m2m_changed: no history row for that (the export carries its own).
            obj.skip_history_when_saving = True
            for accessor, values in m2m_data.items():
                getattr(obj, accessor).set(values)
            del obj.skip_history_when_saving
        _reset_sequences({item.object.__class__ for item in objects})
    return dict(counts)


def _reset_sequences(models):
    """PostgreSQL: after rows were written with their own keys, the next key follows the largest one."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# --- Import as a template ------------------------------------------------------------------------


def _fields(records, label):
    return [(record["pk"], record["fields"]) for record in records if record["model"] == label]


def import_as_template(data, *, department_code, department_name, first_year, last_year, title=None):
    """A new schéma from an exported one: its structure (axes to indicators) without values, under a
    new territory and period. Action échéances move by the shift of the first year and stay in the period."""
    Schema, Axis, Orientation = _model("fiches.Schema"), _model("fiches.Axis"), _model("fiches.Orientation")
    Fiche, Action, ExpectedResult = _model("fiches.Fiche"), _model("fiches.Action"), _model("fiches.ExpectedResult")
    Indicator = _model("indicateurs.Indicator")
    records = data["records"]
    if first_year > last_year:
        raise ExportError("La première année doit précéder ou égaler la dernière.")
    ((_, source),) = _fields(records, "fiches.schema")
    shift = first_year - source["first_year"]

    def move(year):
        return min(max(year + shift, first_year), last_year)

    slug = slugify(f"{department_name}-{first_year}-{last_year}")[:80]
    if Schema.objects.filter(slug=slug).exists():
        raise ExportError(f"Un schéma « {department_name} {first_year}-{last_year} » existe déjà (identifiant {slug}).")
    with transaction.atomic():
        schema = Schema(
            slug=slug,
            title=title or source["title"].replace(source["department_name"], department_name),
            department_code=department_code,
            department_name=department_name,
            first_year=first_year,
            last_year=last_year,
            description=source["description"],
        )
        schema.save()
        axes, orientations, fiches = {}, {}, {}
        for pk, fields in _fields(records, "fiches.axis"):
            axes[pk] = Axis.objects.create(schema=schema, number=fields["number"], title=fields["title"])
        for pk, fields in _fields(records, "fiches.orientation"):
            orientations[pk] = Orientation.objects.create(
                axis=axes[fields["axis"]], number=fields["number"], title=fields["title"]
            )
        for pk, fields in _fields(records, "fiches.fiche"):
            fiche = Fiche(
                orientation=orientations[fields["orientation"]],
                code=fields["code"],
                title=fields["title"],
                **{name: fields[name] for name in Fiche.SECTIONS},
            )
            # Text fields added after the first exports (other_sections) are absent from older files.
            for name in set(Fiche.TEXT_FIELDS) - set(Fiche.SECTIONS):
                setattr(fiche, name, fields.get(name, ""))
            fiche.save()
            fiches[pk] = fiche
        for _, fields in _fields(records, "fiches.action"):
            Action.objects.create(
                fiche=fiches[fields["fiche"]],
                number=fields["number"],
                text=fields["text"],
                first_year=move(fields["first_year"]),
                last_year=move(fields["last_year"]),
            )
        for _, fields in _fields(records, "fiches.expectedresult"):
            ExpectedResult.objects.create(fiche=fiches[fields["fiche"]], text=fields["text"], order=fields["order"])
        indicator_fields = (
            "label",
            "kind",
            "level",
            "aggregation",
            "unit",
            "options",
            "comment_asked",
            "computed_source",
            "order",
        )
        for _, fields in _fields(records, "indicateurs.indicator"):
            Indicator.objects.create(fiche=fiches[fields["fiche"]], **{name: fields[name] for name in indicator_fields})
    return schema
