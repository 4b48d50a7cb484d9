"""What a re-import changes in a stored fiche, field by field, as the preview shows it. Reads only."""

from dataclasses import dataclass

from .enums import FicheRole, FicheSection
from .importer import ParsedFiche
from .importer_text import key
from .models import Fiche

SECTION_LABELS = FicheSection.choices


@dataclass
class Change:
    """One field of a stored fiche that the import changes: what is stored, what the file gives."""

    label: str
    before: list[str]
    after: list[str]


def changes_of(fiche) -> list[Change]:
    """The changes of ``fiche`` (an import_preview.FichePreview of a stored fiche); adds the problems it finds."""
    stored, parsed = fiche.stored, fiche.corrected()
    changes = []
    if stored.title != parsed.title:
        changes.append(Change("Intitulé de la fiche", [stored.title], [parsed.title]))
    if stored.orientation.number != parsed.orientation_number:
        changes.append(Change("Orientation", [stored.orientation.number], [parsed.orientation_number]))
    for name, label in SECTION_LABELS:
        if getattr(stored, name) != getattr(parsed, name):
            changes.append(Change(label, _lines(getattr(stored, name)), _lines(getattr(parsed, name))))
    changes += _action_changes(fiche, stored, parsed)
    before = [result.text for result in stored.expected_results.all()]
    after = [result.text for result in parsed.expected_results]
    if before != after:
        changes.append(Change("Résultats attendus", before, after))
    before = [indicator.label for indicator in stored.stored_indicators]
    after = [indicator.label for indicator in parsed.indicators]
    if before != after:
        changes.append(Change("Indicateurs", before, after))
    before = [
        f"{link.get_role_display()} : {link.organisation.name}{f' ({link.detail})' if link.detail else ''}"
        for link in stored.organisation_links.all()
    ]
    after = _planned_links(fiche, parsed)
    if before != after:
        changes.append(Change("Organisations", before, after))
    return changes


def _action_changes(fiche, stored: Fiche, parsed: ParsedFiche) -> list[Change]:
    changes = []
    existing = {action.number: action for action in stored.actions.all()}
    read = {action.number: action for action in parsed.actions}
    for number in sorted(existing.keys() | read.keys()):
        before, after = existing.get(number), read.get(number)
        label = f"Action {number}"
        if after is None:
            changes.append(Change(label, [before.text, f"Échéance : {_years(before)}"], ["(retirée de la fiche)"]))
            if before.update_count:
                fiche.problems.append(
                    f"L'action {number} de la fiche {stored.code} a un historique d'avancement : elle ne peut pas "
                    "disparaître de la fiche. Gardez-la dans le fichier, ou marquez-la « abandonnée » dans l'application."
                )
        elif before is None:
            changes.append(Change(label, ["(nouvelle action)"], [after.text, f"Échéance : {_years(after)}"]))
        else:
            if before.text != after.text:
                changes.append(Change(label, [before.text], [after.text]))
            if (before.first_year, before.last_year) != (after.first_year, after.last_year):
                changes.append(Change(f"Échéance de l'action {number}", [_years(before)], [_years(after)]))
    return changes


def _planned_links(fiche, parsed: ParsedFiche) -> list[str]:
    """The organisation links the import writes, in the order the stored ones are listed (by role)."""
    by_key = {key(item.name): item for item in fiche.organisations}
    lines, seen = {role: [] for role in FicheRole.values}, set()
    for item in parsed.organisations:
        preview = by_key[key(item.name)]
        name = preview.create_name + " (à créer)" if preview.chosen is None else preview.chosen.name
        if (name, item.role) in seen:
            continue
        seen.add((name, item.role))
        detail = f" ({item.detail})" if item.detail else ""
        lines[item.role].append(f"{FicheRole(item.role).label} : {name}{detail}")
    # Stored links are ordered by role value ("funder", "partner", "pilot"), as FicheOrganisation's query sorts them.
    return [line for role in sorted(lines) for line in lines[role]]


def _years(action) -> str:
    if action.first_year == action.last_year:
        return str(action.first_year)
    return f"{action.first_year} à {action.last_year}"


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()] or ["(vide)"]
