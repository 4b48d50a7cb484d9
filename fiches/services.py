"""Writes of the fiches app that span several models."""

import contextlib
from collections import defaultdict, deque
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.concurrency import UNCHECKED, bump_version, lock_version

# The importer writes a fiche's indicators with it: the one place where fiches reaches into indicateurs.
from indicateurs.models import Indicator
from structures.enums import OrganisationKind
from structures.models import Organisation

from .enums import status_progress_conflict
from .importer import FicheFormatError, ParsedFiche
from .importer_rules import ORGANISATION_ALIASES, SCHEMA_CAF, guess_organisation_kind, indicator_label
from .importer_text import fold, key
from .models import Action, ActionUpdate, Axis, ExpectedResult, Fiche, FicheOrganisation, Orientation, Schema
from .reading import DocumentReading, UnreadableDocument, read_document

# Organisations created by the importer with the schéma's département when their kind is local to it.
DEPARTMENT_KINDS = (OrganisationKind.CAF, OrganisationKind.FEDERATION, OrganisationKind.DEPARTEMENT)


def import_fiche_texts(texts: list[tuple[str, str]], *, schema: Schema) -> list[Fiche]:
    """Import fiches from (file name, text) pairs, all or nothing. Raises FicheFormatError naming the file."""
    return [fiche for fiche, _created in import_fiche_texts_with_status(texts, schema=schema)]


def import_fiche_texts_with_status(texts: list[tuple[str, str]], *, schema: Schema) -> list[tuple[Fiche, bool]]:
    """Like import_fiche_texts, telling for each fiche whether it was created (True) or updated (False)."""
    readings = []
    for name, text in texts:
        try:
            readings.append(read_document(name, text.encode("utf-8"), period=(schema.first_year, schema.last_year)))
        except UnreadableDocument as error:
            raise FicheFormatError(error.message, line=error.line, filename=name) from None
    return import_documents(readings, schema=schema)


def import_documents(readings: list[DocumentReading], *, schema: Schema) -> list[tuple[Fiche, bool]]:
    """Import every fiche of the documents read, all or nothing; for each fiche, whether it was created.

    Refuses (FicheFormatError naming the file and the line) a document with a blocking doubt, and a fiche met twice.
    """
    results = []
    files_by_code: dict[str, str] = {}
    with transaction.atomic():
        for reading in readings:
            blocking = [doubt for doubt in reading.all_doubts() if doubt.blocking]
            if blocking:
                raise FicheFormatError(blocking[0].reason, line=blocking[0].line, filename=reading.filename)
            for fiche_reading in reading.fiches:
                parsed = fiche_reading.fiche
                try:
                    if parsed.code in files_by_code:
                        raise FicheFormatError(
                            f"La fiche {parsed.code} figure déjà dans le fichier {files_by_code[parsed.code]} de cet import.",
                            line=parsed.line,
                        )
                    files_by_code[parsed.code] = reading.filename
                    results.append(import_fiche(parsed, schema=schema))
                except FicheFormatError as error:
                    raise error.in_file(reading.filename) from None
    return results


@transaction.atomic
def import_fiche(parsed: ParsedFiche, *, schema: Schema, directory: "OrganisationDirectory | None" = None) -> tuple[Fiche, bool]:
    """Create or update the fiche `parsed.code` of the schéma, with its axis, orientation, actions, results,
    indicators and organisations (named through `directory`, by default the schéma's OrganisationDirectory).
    Raises FicheFormatError when the update would lose recorded data."""
    _check_period(parsed, schema)
    axis = _update_or_create(Axis.objects, {"schema": schema, "number": parsed.axis_number}, title=parsed.axis_title)
    orientation = _update_or_create(
        Orientation.objects, {"axis": axis, "number": parsed.orientation_number}, title=parsed.orientation_title
    )
    fiche = Fiche.objects.filter(schema=schema, code=parsed.code).first()
    created = fiche is None
    if created:
        fiche = Fiche(code=parsed.code)
    else:
        fiche.version += 1
    fiche.orientation = orientation
    fiche.title = parsed.title
    for name in Fiche.SECTIONS:
        setattr(fiche, name, getattr(parsed, name))
    fiche.other_sections = "\n\n".join(f"{heading}\n{text}" for heading, text in parsed.other_sections)
    fiche.save()
    _sync_actions(fiche, parsed)
    _sync_indicators(fiche, parsed)
    fiche.expected_results.all().delete()
    ExpectedResult.objects.bulk_create(
        ExpectedResult(fiche=fiche, text=result.text, order=order) for order, result in enumerate(parsed.expected_results)
    )
    _sync_organisations(fiche, parsed, directory or OrganisationDirectory(schema))
    return fiche, created


def _check_period(parsed: ParsedFiche, schema: Schema) -> None:
    for action in parsed.actions:
        if action.first_year < schema.first_year or action.last_year > schema.last_year:
            raise FicheFormatError(
                f"L'échéance de l'action {action.number} ({action.first_year} à {action.last_year}) sort de la période "
                f"du schéma ({schema.first_year} à {schema.last_year}).",
                line=action.schedule_line,
            )


def _update_or_create(manager, lookup: dict, *, title: str):
    instance, created = manager.get_or_create(**lookup, defaults={"title": title})
    if not created and instance.title != title:
        instance.title = title
        instance.save(update_fields=["title"])
    return instance


def _sync_actions(fiche: Fiche, parsed: ParsedFiche) -> None:
    """Actions matched by number; an action gone from the file is deleted unless it has a progress history."""
    existing = {action.number: action for action in fiche.actions.all()}
    kept = {action.number for action in parsed.actions}
    for number, action in existing.items():
        if number in kept:
            continue
        if action.updates.exists():
            raise FicheFormatError(
                f"L'action {number} de la fiche {fiche.code} a un historique d'avancement : elle ne peut pas disparaître "
                "de la fiche. Gardez-la dans le fichier, ou marquez-la « abandonnée » dans l'application."
            )
        action.delete()
    for item in parsed.actions:
        action = existing.get(item.number)
        if action is None:
            Action.objects.create(
                fiche=fiche, number=item.number, text=item.text, first_year=item.first_year, last_year=item.last_year
            )
        elif (action.text, action.first_year, action.last_year) != (item.text, item.first_year, item.last_year):
            action.text, action.first_year, action.last_year = item.text, item.first_year, item.last_year
            action.version += 1
            action.save()


def _label_key(label: str) -> str:
    return fold(indicator_label(label))


def _sync_indicators(fiche: Fiche, parsed: ParsedFiche) -> None:
    """Indicators matched by label, in order, so that their values, targets and settings stay; the others are replaced.

    A matched indicator keeps its kind, level, aggregation and unit: an administrator may have set them since.
    """
    existing: dict[str, deque[Indicator]] = defaultdict(deque)
    for indicator in fiche.indicators.all():
        existing[_label_key(indicator.label)].append(indicator)
    to_save = []  # new indicators, and matched ones whose label or order changed
    for order, item in enumerate(parsed.indicators):
        queue = existing.get(_label_key(item.label))
        if queue:
            indicator = queue.popleft()
            if (indicator.label, indicator.order) != (item.label, order):
                indicator.label, indicator.order = item.label, order
                to_save.append(indicator)
        else:
            to_save.append(
                Indicator(
                    fiche=fiche,
                    label=item.label,
                    kind=item.kind,
                    level=item.level,
                    aggregation=item.aggregation,
                    unit=item.unit,
                    comment_asked=item.comment_asked,
                    computed_source=item.source,
                    order=order,
                )
            )
    for queue in existing.values():
        for indicator in queue:
            if indicator.values.exists():
                raise FicheFormatError(
                    f"L'indicateur « {indicator.label} » de la fiche {fiche.code} a des valeurs saisies : il ne peut pas "
                    "disparaître de la fiche. Gardez-le dans le fichier avec le même libellé."
                )
            indicator.delete()
    for indicator in to_save:
        indicator.save()


def _sync_organisations(fiche: Fiche, parsed: ParsedFiche, directory: "OrganisationDirectory") -> None:
    fiche.organisation_links.all().delete()
    orders: dict[str, int] = defaultdict(int)
    seen = set()
    for item in parsed.organisations:
        organisation = directory.resolve(item.name)
        if (organisation.pk, item.role) in seen:
            continue
        seen.add((organisation.pk, item.role))
        FicheOrganisation.objects.create(
            fiche=fiche, organisation=organisation, role=item.role, detail=item.detail, order=orders[item.role]
        )
        orders[item.role] += 1


class OrganisationDirectory:
    """Finds the organisation a fiche names, without regard to case, accents or apostrophes, or creates it.

    "Caf" alone is the schéma's Caf: its pilot when that is a Caf, else the département's only Caf, else
    "Caf du <département>". A few usual names go through ORGANISATION_ALIASES ("communes" → "Communes").
    """

    def __init__(self, schema: Schema):
        self.schema = schema
        self.by_key: dict[str, Organisation] = {}
        organisations = list(Organisation.objects.all())
        for organisation in organisations:
            self.by_key.setdefault(key(organisation.name), organisation)
        for organisation in organisations:
            if organisation.short_name:
                self.by_key.setdefault(key(organisation.short_name), organisation)

    def resolve(self, name: str) -> Organisation:
        name_key = key(name)
        if name_key == SCHEMA_CAF:
            return self._schema_caf()
        if name_key in ORGANISATION_ALIASES:
            name, kind = ORGANISATION_ALIASES[name_key]
            return self._find_or_create(name, kind)
        return self._find_or_create(name, guess_organisation_kind(name))

    def _schema_caf(self) -> Organisation:
        pilot = self.schema.pilot
        if pilot and pilot.kind == OrganisationKind.CAF:
            return pilot
        cafs = list(Organisation.objects.filter(kind=OrganisationKind.CAF, department_code=self.schema.department_code)[:2])
        if len(cafs) == 1:
            return cafs[0]
        return self._find_or_create(f"Caf du {self.schema.department_name}", OrganisationKind.CAF)

    def _find_or_create(self, name: str, kind: str) -> Organisation:
        name_key = key(name)
        if name_key not in self.by_key:
            department_code = self.schema.department_code if kind in DEPARTMENT_KINDS else ""
            self.by_key[name_key] = Organisation.objects.create(name=name, kind=kind, department_code=department_code)
        return self.by_key[name_key]


# --- Progress of actions --------------------------------------------------------------------------


def record_update(*, action, author, status, progress, comment="", date=None, expected_version=UNCHECKED):
    """Append an update to the action's history and, if it is the newest by date, make it the action's
    current state (status, progress, last_update) — in one transaction.

    An update back-dated before the latest one joins the history without replacing the current state.
    With ``expected_version`` (the version the person read; None when the form did not post it), a
    concurrent change is refused with core.concurrency.StaleObjectError. Returns the new ActionUpdate.
    """
    date = date or timezone.localdate()
    with transaction.atomic():
        current = lock_version(Action.objects.select_related("last_update"), action.pk, expected_version=expected_version)
        update = ActionUpdate.objects.create(
            action=current, author=author, status=status, progress=progress, comment=comment, date=date
        )
        latest = current.last_update
        if latest is None or (update.date, update.created_at) >= (latest.date, latest.created_at):
            current.status = status
            current.progress = progress
            current.last_update = update
            bump_version(current)
            current.save()
        action.status, action.progress = current.status, current.progress
        action.last_update, action.version = current.last_update, current.version
    return update


# --- Editing fiches -------------------------------------------------------------------------------


def save_fiche(*, form, formsets, expected_version):
    """Save a fiche's form and its inline formsets (actions, expected results, organisations) at once.

    For an existing fiche, refuses a save made from stale data (core.concurrency.StaleObjectError).
    Action numbers may be swapped (reordering): they are moved out of the way first.
    """
    with transaction.atomic():
        fiche = form.instance
        if fiche.pk:
            lock_version(Fiche, fiche.pk, expected_version=expected_version)
            bump_version(fiche)
        fiche = form.save()
        for formset in formsets:
            formset.instance = fiche
        actions = formsets[0]
        # Reordering swaps numbers: move the numbers of the fiche's actions out of the unique range first.
        Action.objects.filter(fiche=fiche).update(number=F("number") + RENUMBER_OFFSET)
        for formset in formsets:
            formset.save()
        kept = {form.instance.pk: form.initial.get("number") for form in actions.forms if form.instance.pk}
        for pk, number in kept.items():
            if number is not None:
                Action.objects.filter(pk=pk, number__gte=RENUMBER_OFFSET).update(number=number)
    return fiche


RENUMBER_OFFSET = 10000


# --- Importing progress updates -------------------------------------------------------------------


class ActionImportError(Exception):
    """An import refused as a whole: ``errors`` holds one French message per faulty row."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class PlannedUpdate:
    line: int
    action: Action
    status: str
    progress: int
    date: object
    comment: str


def plan_action_updates(rows, *, schema):
    """Check every row of an import against the schéma; return the PlannedUpdates to record or raise
    ActionImportError listing every faulty row (see check_action_updates)."""
    planned, refused = check_action_updates(rows, schema=schema)
    if refused:
        raise ActionImportError(refusal_messages(refused))
    return planned


def refusal_messages(refused):
    return [f"Ligne {row.line} : {reason}." for row, reason in refused]


def check_action_updates(rows, *, schema):
    """Check every row of an import against the schéma: (the PlannedUpdates of the valid rows,
    [(ImportRow, reason)] of the refused ones); nothing is written.

    A row whose status, percentage and comment are the action's current state writes nothing, whatever
    its date (a re-export is not news). A row that differs but is dated before the action's latest
    update is refused: it comes from an older export, and recording it would write a backdated copy of
    a state the action has left (a row re-dated to today is taken)."""
    from .exports import parse_date, parse_progress, parse_status

    actions = {
        (action.fiche.code.casefold(), action.number): action
        for action in Action.objects.filter(fiche__schema=schema).select_related("fiche", "last_update")
    }
    today = timezone.localdate()
    refused, planned, seen = [], [], set()
    for row in rows:
        values = row.values
        problems = []
        code = " ".join(str(values.get("Fiche") or "").split())
        number = str(values.get("Action") or "").strip()
        action = None
        with contextlib.suppress(ValueError, OverflowError):  # "abc", "inf", "1e309"
            action = actions.get((code.casefold(), int(float(number))))
        if action is None:
            problems.append(f"action inconnue dans ce schéma (fiche « {code} », action « {number} »)")
        elif action.pk in seen:
            problems.append(f"l'action {number} de la fiche {code} figure deux fois dans le fichier")
        parsed = {}
        for key_, parser, column in (("status", parse_status, "Statut"), ("progress", parse_progress, "Avancement (%)")):
            try:
                parsed[key_] = parser(values.get(column))
            except ValueError as error:
                problems.append(str(error))
        comment = str(values.get("Commentaire") or "").strip()
        if action is not None and not problems and _is_current_state(action, parsed["status"], parsed["progress"], comment):
            seen.add(action.pk)
            continue
        if len(parsed) == 2 and (conflict := status_progress_conflict(parsed["status"], parsed["progress"])):
            problems.append(f"statut et avancement contradictoires : {conflict}")
        date = None
        try:
            date = parse_date(values.get("Date"))
        except ValueError as error:
            problems.append(str(error))
        if date and not schema.first_year <= date.year <= schema.last_year:
            problems.append(f"date {date:%d/%m/%Y} hors de la période du schéma ({schema.first_year} à {schema.last_year})")
        elif date and date > today:
            problems.append(f"date {date:%d/%m/%Y} dans le futur")
        elif date and action is not None and action.last_update and date < action.last_update.date:
            problems.append(
                f"ligne dépassée : l'action {action.number} de la fiche {action.fiche.code} a été mise à jour le "
                f"{action.last_update.date:%d/%m/%Y} ({action.get_status_display()}, {action.progress} %), après la date "
                f"de cette ligne ({date:%d/%m/%Y}) ; exportez à nouveau les actions, ou retirez cette ligne du fichier"
            )
        if problems:
            refused.append((row, " ; ".join(problems)))
            continue
        seen.add(action.pk)
        planned.append(PlannedUpdate(row.line, action, parsed["status"], parsed["progress"], date, comment))
    return planned, refused


def _is_current_state(action, status, progress, comment):
    last_comment = action.last_update.comment if action.last_update else ""
    return (action.status, action.progress, last_comment) == (status, progress, comment)


def import_action_updates(rows, *, schema, author):
    """Record the progress updates of an import, all or nothing. Returns the ActionUpdates created."""
    created, _refused = _import(rows, schema=schema, author=author, valid_only=False)
    return created


def import_valid_action_updates(rows, *, schema, author):
    """Record the progress updates of an import's valid rows, in one transaction: (the ActionUpdates
    created, [(ImportRow, reason)] of the refused rows, which write nothing)."""
    return _import(rows, schema=schema, author=author, valid_only=True)


def _import(rows, *, schema, author, valid_only):
    # The rows are checked inside the transaction that records them: what was checked is what is written.
    with transaction.atomic():
        planned, refused = check_action_updates(rows, schema=schema)
        if refused and not valid_only:
            raise ActionImportError(refusal_messages(refused))
        created = [
            record_update(
                action=item.action,
                author=author,
                status=item.status,
                progress=item.progress,
                comment=item.comment,
                date=item.date,
            )
            for item in planned
        ]
    return created, refused
