"""The preview of a fiche import: what each file gives, what it would change, and the person's corrections.

Nothing here writes. ``build_preview(schema, files, data)`` reads the files again (the session keeps their bytes,
never a reading of them), matches every organisation to the directory without creating it, compares each fiche
with the stored one field by field, and applies the corrections posted with the preview: an indicator's kind and
level, an organisation's match, accepting an axis or orientation title that differs from the stored one. A posted
value outside the choices the page offered is an error, never written. ``fiches.import_confirm`` writes.
"""

import copy
import logging
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from indicateurs.enums import Aggregation, ComputedSource, IndicatorKind, IndicatorLevel
from structures.enums import OrganisationKind
from structures.models import Organisation

from .enums import FicheRole
from .import_diff import SECTION_LABELS, Change, changes_of
from .importer import ParsedFiche, ParsedIndicator
from .importer_rules import indicator_label
from .importer_text import fold, key
from .models import Action, Axis, Fiche, FicheOrganisation, Orientation, Schema
from .reading import DocumentReading, Doubt, FicheReading, UnreadableDocument, read_document
from .services import OrganisationDirectory

logger = logging.getLogger(__name__)
# The stored indicators are read through the fiche's reverse relation: fiches does not import indicateurs' models.
_INDICATOR = Fiche._meta.get_field("indicators").related_model

# A "choice" indicator needs its list of answers: it is set on the indicator's page, not in an import.
KIND_CHOICES = [(value, label) for value, label in IndicatorKind.choices if value != IndicatorKind.CHOICE]
LEVEL_CHOICES = IndicatorLevel.choices
# What an indicator whose kind the person changed is aggregated with, and its unit.
KIND_DEFAULTS = {
    IndicatorKind.INTEGER: (Aggregation.SUM, ""),
    IndicatorKind.DECIMAL: (Aggregation.SUM, ""),
    IndicatorKind.PERCENTAGE: (Aggregation.MEAN, "%"),
    IndicatorKind.AMOUNT: (Aggregation.SUM, "€"),
    IndicatorKind.BOOLEAN: (Aggregation.SHARE_YES, ""),
    IndicatorKind.TEXT: (Aggregation.NONE, ""),
}
CREATE = "creer"  # the organisation choice that creates the organisation as named in the file
_BROKEN = "Ce fichier n'a pas pu être lu : il est peut-être endommagé. Enregistrez-le de nouveau, ou en texte (.txt)."


@dataclass
class StoredFile:
    """An uploaded file as the session keeps it until the import is confirmed or abandoned."""

    name: str
    data: bytes


@dataclass
class TitleChange:
    """An axis or orientation whose stored title differs from the file's: kept unless the person accepts."""

    field: str
    label: str
    stored: str
    read: str
    accepted: bool = False


@dataclass
class IndicatorPreview:
    field: str
    parsed: ParsedIndicator
    stored: object | None  # the stored indicator with the same label, which keeps its settings
    kind: str = ""
    level: str = ""
    aggregation: str = ""
    unit: str = ""
    source: str = ""

    @property
    def correctable(self) -> bool:
        return self.stored is None

    @property
    def kind_label(self) -> str:
        return IndicatorKind(self.kind).label

    @property
    def level_label(self) -> str:
        return IndicatorLevel(self.level).label

    @property
    def aggregation_label(self) -> str:
        return Aggregation(self.aggregation).label

    @property
    def source_label(self) -> str:
        return ComputedSource(self.source).label if self.source else ""


@dataclass
class OrganisationPreview:
    """An organisation named by a fiche (once, whatever its roles), matched to the directory or to be created."""

    field: str
    name: str
    roles: list[str]
    proposed: Organisation | None  # what the directory matches, None: it would be created
    create_name: str
    create_kind: str
    chosen: Organisation | None = None  # None: create it
    choice: str = ""

    @property
    def create_kind_label(self) -> str:
        return OrganisationKind(self.create_kind).label

    @property
    def created(self) -> bool:
        return self.chosen is None


@dataclass
class FichePreview:
    prefix: str
    reading: FicheReading
    stored: Fiche | None
    indicators: list[IndicatorPreview] = field(default_factory=list)
    organisations: list[OrganisationPreview] = field(default_factory=list)
    titles: list[TitleChange] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def parsed(self) -> ParsedFiche:
        return self.reading.fiche

    @property
    def other_sections(self) -> list[tuple[str, str]]:
        return getattr(self.parsed, "other_sections", [])

    @property
    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self.parsed, name)) for name, label in SECTION_LABELS if getattr(self.parsed, name)]

    def corrected(self) -> ParsedFiche:
        """The fiche as it is to be written: corrected indicators, stored titles kept unless accepted."""
        parsed = copy.deepcopy(self.parsed)
        for item, preview in zip(parsed.indicators, self.indicators, strict=True):
            item.kind, item.level, item.aggregation, item.unit = preview.kind, preview.level, preview.aggregation, preview.unit
            if hasattr(item, "source"):
                item.source = preview.source
        for title in self.titles:
            if not title.accepted:
                setattr(parsed, title.field.split("-")[0] + "_title", title.stored)
        return parsed

    def organisation_choices(self) -> dict[str, Organisation]:
        """Organisation chosen for each name (by comparison key); names absent are resolved by the directory."""
        return {key(item.name): item.chosen for item in self.organisations if item.chosen is not None}


@dataclass
class FilePreview:
    index: int
    name: str
    reading: DocumentReading | None
    fiches: list[FichePreview] = field(default_factory=list)
    unreadable: str = ""

    @property
    def doubts(self) -> list[Doubt]:
        return self.reading.doubts if self.reading else []

    @property
    def blocked(self) -> bool:
        return bool(self.unreadable) or self.reading.blocking or any(fiche.problems for fiche in self.fiches)

    @property
    def importable(self) -> bool:
        return not self.blocked and bool(self.fiches)


@dataclass
class ImportPreview:
    schema: Schema
    files: list[FilePreview]
    titles: list[TitleChange]
    errors: list[str] = field(default_factory=list)
    organisation_options: list[Organisation] = field(default_factory=list)

    @property
    def importable_files(self) -> list[FilePreview]:
        return [file for file in self.files if file.importable]

    @property
    def blocked_files(self) -> list[FilePreview]:
        return [file for file in self.files if not file.importable]

    @property
    def fiche_count(self) -> int:
        return sum(len(file.fiches) for file in self.importable_files)

    @property
    def can_confirm(self) -> bool:
        return not self.errors and bool(self.importable_files)


def read_files(files: list[StoredFile], schema: Schema) -> list[FilePreview]:
    previews = []
    for index, stored in enumerate(files):
        try:
            reading = read_document(stored.name, stored.data, period=(schema.first_year, schema.last_year))
        except UnreadableDocument as error:
            previews.append(FilePreview(index, stored.name, None, unreadable=error.message))
            continue
        except Exception:
            # Uploaded documents are hostile input: a reader failing on one is logged, and the file refused.
            logger.exception("Reading the uploaded fiche document %r failed", stored.name)
            previews.append(FilePreview(index, stored.name, None, unreadable=_BROKEN))
            continue
        fiches = [FichePreview(f"f{index}-{number}", item, None) for number, item in enumerate(reading.fiches)]
        previews.append(FilePreview(index, stored.name, reading, fiches))
    return previews


def build_preview(schema: Schema, files: list[StoredFile], data=None) -> ImportPreview:
    """The preview of an import of ``files``, with the corrections in ``data`` (the posted preview) when given."""
    data = data or {}
    previews = read_files(files, schema)
    fiches = [fiche for file in previews for fiche in file.fiches]
    stored = _stored_fiches(schema, [fiche.parsed.code for fiche in fiches])
    options = list(
        Organisation.objects.filter(Q(department_code="") | Q(department_code=schema.department_code)).order_by("name")
    )
    directory = _MatchingDirectory(schema)
    preview = ImportPreview(schema, previews, [], organisation_options=options)
    allowed = {str(organisation.pk): organisation for organisation in options}
    codes: dict[str, str] = {}
    for file in previews:
        for fiche in file.fiches:
            fiche.stored = stored.get(fiche.parsed.code)
            if fiche.parsed.code in codes:
                fiche.problems.append(
                    f"La fiche {fiche.parsed.code} figure aussi dans le fichier {codes[fiche.parsed.code]} de cet import."
                )
            codes.setdefault(fiche.parsed.code, file.name)
            _preview_indicators(fiche, data, preview.errors)
            _preview_organisations(fiche, directory, allowed, data, preview.errors)
            _check_period(fiche, schema)
    _preview_titles(schema, fiches, preview, data)
    for fiche in fiches:
        if fiche.stored is not None:
            fiche.changes = changes_of(fiche)
    return preview


def _stored_fiches(schema: Schema, codes: list[str]) -> dict[str, Fiche]:
    fiches = (
        Fiche.objects.filter(schema=schema, code__in=codes)
        .select_related("orientation__axis")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.annotate(update_count=Count("updates")).order_by("number")),
            "expected_results",
            Prefetch(
                "indicators",
                queryset=_INDICATOR.objects.annotate(value_count=Count("values")).order_by("order"),
                to_attr="stored_indicators",
            ),
            Prefetch(
                "organisation_links",
                queryset=FicheOrganisation.objects.select_related("organisation").order_by("role", "order"),
            ),
        )
    )
    return {fiche.code: fiche for fiche in fiches}


def _label_key(label: str) -> str:
    """How the importer matches an indicator of the file with a stored one (see services._sync_indicators)."""
    return fold(indicator_label(label))


def _preview_indicators(fiche: FichePreview, data, errors: list[str]) -> None:
    unmatched = {}
    if fiche.stored is not None:
        for indicator in fiche.stored.stored_indicators:
            unmatched.setdefault(_label_key(indicator.label), []).append(indicator)
    for number, item in enumerate(fiche.parsed.indicators):
        candidates = unmatched.get(_label_key(item.label))
        stored = candidates.pop(0) if candidates else None
        preview = IndicatorPreview(f"{fiche.prefix}-ind{number}", item, stored)
        if stored is not None:
            preview.kind, preview.level, preview.aggregation, preview.unit = (
                stored.kind,
                stored.level,
                stored.aggregation,
                stored.unit,
            )
            preview.source = stored.computed_source
        else:
            _correct_indicator(preview, fiche.parsed.code, data, errors)
        fiche.indicators.append(preview)
    for candidates in unmatched.values():
        for indicator in candidates:
            if indicator.value_count:
                fiche.problems.append(
                    f"L'indicateur « {indicator.label} » de la fiche {fiche.parsed.code} a des valeurs saisies : il ne "
                    "peut pas disparaître de la fiche. Gardez-le dans le fichier avec le même libellé."
                )


def _correct_indicator(preview: IndicatorPreview, code: str, data, errors: list[str]) -> None:
    item = preview.parsed
    source = getattr(item, "source", "")
    preview.kind, preview.level, preview.aggregation, preview.unit, preview.source = (
        item.kind,
        item.level,
        item.aggregation,
        item.unit,
        source if source in ComputedSource.values else "",
    )
    kind = data.get(f"{preview.field}-kind") or item.kind
    level = data.get(f"{preview.field}-level") or item.level
    where = f"Fiche {code}, indicateur « {item.label[:80]} »"
    if kind not in dict(KIND_CHOICES):
        errors.append(f"{where} : nature de la valeur inconnue (« {kind[:40]} »).")
        kind = item.kind
    if level not in IndicatorLevel.values:
        errors.append(f"{where} : niveau de collecte inconnu (« {level[:40]} »).")
        level = item.level
    if kind != item.kind:
        preview.kind = kind
        preview.aggregation, preview.unit = KIND_DEFAULTS[kind]
    if level != item.level:
        preview.level = level
    if preview.level != IndicatorLevel.SCHEMA:
        preview.source = ""


class _MatchingDirectory(OrganisationDirectory):
    """The importer's directory, answering None where it would create an organisation, and what it would create."""

    def __init__(self, schema):
        super().__init__(schema)
        self.missing: tuple[str, str] = ("", "")

    def _find_or_create(self, name, kind):
        self.missing = (name, kind)
        return self.by_key.get(key(name))


def _preview_organisations(fiche: FichePreview, directory, allowed: dict, data, errors: list[str]) -> None:
    by_key: dict[str, OrganisationPreview] = {}
    for item in fiche.parsed.organisations:
        name_key = key(item.name)
        role = FicheRole(item.role).label
        if name_key in by_key:
            if role not in by_key[name_key].roles:
                by_key[name_key].roles.append(role)
            continue
        directory.missing = (item.name, OrganisationKind.AUTRE)
        proposed = directory.resolve(item.name)
        preview = OrganisationPreview(
            f"{fiche.prefix}-org{len(by_key)}", item.name, [role], proposed, *directory.missing, chosen=proposed
        )
        by_key[name_key] = preview
        choice = data.get(preview.field, "")
        if choice == CREATE and proposed is None:
            preview.choice = CREATE
        elif choice in allowed:
            preview.chosen, preview.choice = allowed[choice], choice
        elif choice:
            errors.append(
                f"Fiche {fiche.parsed.code}, organisation « {item.name[:80]} » : le choix « {choice[:40]} » ne fait pas "
                "partie des organisations proposées."
            )
    fiche.organisations = list(by_key.values())


def _check_period(fiche: FichePreview, schema: Schema) -> None:
    for action in fiche.parsed.actions:
        if action.first_year is None or action.last_year is None:
            continue
        if action.first_year < schema.first_year or action.last_year > schema.last_year:
            fiche.problems.append(
                f"Fiche {fiche.parsed.code} : l'échéance de l'action {action.number} ({action.first_year} à "
                f"{action.last_year}) sort de la période du schéma ({schema.first_year} à {schema.last_year})."
            )


def _preview_titles(schema: Schema, fiches: list[FichePreview], preview: ImportPreview, data) -> None:
    """Axis and orientation titles that differ from the stored ones: one decision per axis or orientation."""
    axes = {axis.number: axis for axis in Axis.objects.filter(schema=schema)}
    orientations = {
        (orientation.axis.number, orientation.number): orientation
        for orientation in Orientation.objects.filter(axis__schema=schema).select_related("axis")
    }
    decisions: dict[str, TitleChange] = {}
    for fiche in fiches:
        parsed = fiche.parsed
        candidates = [
            ("axis", f"Axe {parsed.axis_number}", axes.get(parsed.axis_number), parsed.axis_title),
            (
                "orientation",
                f"Orientation {parsed.orientation_number}",
                orientations.get((parsed.axis_number, parsed.orientation_number)),
                parsed.orientation_title,
            ),
        ]
        for kind, label, stored, read in candidates:
            if stored is None or stored.title == read:
                continue
            name = f"{kind}-{parsed.axis_number if kind == 'axis' else parsed.orientation_number}"
            if name not in decisions:
                decisions[name] = TitleChange(name, label, stored.title, read, accepted=data.get(name) == "1")
                preview.titles.append(decisions[name])
            fiche.titles.append(decisions[name])
