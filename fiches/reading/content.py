"""What each section of a fiche gives: texts, actions and échéances, results and indicators, organisations."""

import re

from indicateurs.enums import ComputedSource, IndicatorLevel

from ..enums import FicheRole, FicheSection
from ..importer import ParsedAction, ParsedExpectedResult, ParsedFiche, ParsedIndicator, ParsedOrganisation
from ..importer_rules import funder_names, split_organisation_line
from ..importer_text import key, shorten
from . import Doubt
from . import indicators as rules
from .clean import Line, doubt_at, items, render
from .headings import SECTION_TITLES, action_heading
from .schedule import bracketed_echeance, read_echeances

ORGANISATION_NAME_MAX_LENGTH = 200
# Publics named among partners that are not one organisation of the directory.
_CATEGORIES = (
    "centres sociaux et espaces de vie sociale",
    "centres sociaux et evs",
    "centres sociaux",
    "espaces de vie sociale",
    "structures avs",
    "structures d animation de la vie sociale",
    "les structures d animation de la vie sociale",
    "structures",
    "les structures",
    "equipements avs",
    "habitants",
    "les habitants",
    "familles",
    "usagers",
    "benevoles",
)


def fill_fiche(fiche: ParsedFiche, segments, doubts: list[Doubt], *, period) -> None:
    segments = _settle(segments, fiche, doubts)
    by_section: dict[str, list] = {}
    for segment in segments:
        by_section.setdefault(segment.section, []).append(segment)
    for name in FicheSection.values:
        setattr(fiche, name, "\n\n".join(render(s.lines) for s in by_section.get(name, []) if render(s.lines)))
    for segment in segments:
        if segment.section in ("other", "intro") and render(segment.lines):
            heading = segment.heading if segment.section == "other" else "Texte hors rubrique"
            fiche.other_sections.append((heading, render(segment.lines)))
    for segment in by_section.get("intro", []):
        first = next((line for line in segment.lines if line.text), None)
        if first is not None:
            doubts.append(doubt_at("Texte hors rubrique, avant la première rubrique : gardé à part (autres rubriques).", first))
    pending = _read_actions(fiche, segments, doubts)
    read_echeances(fiche, by_section.get("schedule", []), pending, doubts, period=period)
    _read_results(fiche, segments, "indicators" in by_section, doubts)
    _read_organisations(fiche, by_section, doubts)


def _settle(segments, fiche: ParsedFiche, doubts) -> list:
    """Weak headings beside the usual one are kept apart; a fiche's opening section met again starts another fiche."""
    strong = {segment.section for segment in segments if not segment.weak}
    seen: set[str] = set()
    settled = []
    for segment in segments:
        if segment.weak and segment.section in strong:
            doubts.append(
                doubt_at(
                    f"Rubrique « {shorten(segment.heading)} » à côté de « {SECTION_TITLES[segment.section]} » : "
                    "texte gardé à part (autres rubriques).",
                    segment.line,
                )
            )
            segment.section = "other"
        if segment.section in ("diagnostic", "principles") and segment.section in seen and "action" in seen:
            doubts.append(
                doubt_at(
                    f"Une deuxième rubrique {SECTION_TITLES[segment.section]} commence ici : une autre fiche semble "
                    f"suivre la fiche {fiche.code}, sans sa ligne de fiche (par exemple « PA 2.1.2 - … »). Séparez les "
                    "fiches ou ajoutez la ligne de la fiche.",
                    segment.line,
                    blocking=True,
                )
            )
            break
        seen.add(segment.section)
        settled.append(segment)
    return settled


# Actions ---------------------------------------------------------------------------------------------------------


def _read_actions(fiche: ParsedFiche, segments, doubts) -> list[tuple[ParsedAction, tuple[Line, str]]]:
    """The fiche's actions; returns the échéances written with them, (action, (line, text)), to check with the others."""
    described: dict[int, ParsedAction] = {}
    pending = []
    for segment in segments:
        if segment.section == "action":
            found = [(segment.number, segment.line, _action_text(segment.lines), segment.echeance)]
        elif segment.section == "actions":
            found = _listed_actions(segment, doubts)
        else:
            continue
        for number, line, text, echeance in found:
            if echeance is None and bracketed_echeance(text):  # "Former les bénévoles (2023-2025)."
                text, written = bracketed_echeance(text)
                echeance = (line, written)
            if number in described:
                doubts.append(
                    doubt_at(f"L'action {number} est déjà décrite ligne {described[number].line}.", line, blocking=True)
                )
                continue
            action = ParsedAction(number, text, line.number)
            described[number] = action
            fiche.actions.append(action)
            if not text:
                doubts.append(doubt_at(f"L'action {number} n'a pas de texte.", line, blocking=True))
            if echeance is not None:
                pending.append((action, echeance))
    if not fiche.actions:
        doubts.append(
            doubt_at(
                f"La fiche {fiche.code} n'a aucune action : écrivez chaque action sous un intitulé « ACTION 1 », "
                "« ACTION 2 »… ou en liste numérotée sous « ACTIONS ».",
                next((segment.line for segment in segments if segment.section == "actions"), None),
                blocking=True,
            )
        )
        if not any(segment.section == "actions" for segment in segments):
            doubts[-1].line = fiche.line
    return pending


def _action_text(lines: list[Line]) -> str:
    return "\n".join(text for _line, text in items(lines, prose_is_item=True))


def _listed_actions(segment, doubts) -> list[tuple]:
    """Actions written as a list under an ACTIONS heading: "1. …", "2. …" (or bullets, numbered in order)."""
    found = []
    for rank, (line, text) in enumerate(items(segment.lines, prose_is_item=False), 1):
        number = line.ordinal or rank
        inline = action_heading(text)
        if inline and inline[1]:
            number, text = inline
        if line.ordinal is None and not inline:
            doubts.append(doubt_at(f"Action sans numéro sous ACTIONS : numérotée {number} dans l'ordre de la liste.", line))
        found.append((number, line, text, None))
    prose = [line for line in segment.lines if line.text and not line.bullet and not line.raw.startswith("\x00")]
    if prose and any(line.bullet for line in segment.lines):
        doubts.append(doubt_at("Texte sous ACTIONS hors de la liste des actions : gardé dans aucune action.", prose[0]))
    return found


# Results and indicators ------------------------------------------------------------------------------------------


def _read_results(fiche: ParsedFiche, segments, separate: bool, doubts) -> None:
    """Items of RÉSULTATS ATTENDUS (+ INDICATEURS) and of INDICATEURS, in the order written."""
    for segment in segments:
        if segment.section not in ("results", "expected", "indicators"):
            continue
        mode = {"results": None, "expected": "expected" if separate else None, "indicators": "indicators"}[segment.section]
        content = []
        for line in segment.lines:
            if line.raw.startswith("\x00"):
                content.append(("mode", line.raw[1:]))
            else:
                content.append(("line", line))
        chunk: list[Line] = []
        for kind, value in [*content, ("mode", None)]:
            if kind == "line":
                chunk.append(value)
                continue
            for line, text in items(chunk, prose_is_item=True):
                _read_item(fiche, line, text, mode, doubts)
            chunk = []
            if value is not None:
                mode = value


def _read_item(fiche: ParsedFiche, line: Line, text: str, mode: str | None, doubts) -> None:
    parts = rules.split_item(text)
    if mode == "expected":
        if any(found for _part, found in parts):
            doubts.append(
                doubt_at("Sous RÉSULTATS ATTENDUS, cette ligne ressemble à un indicateur : gardée en résultat attendu.", line)
            )
        fiche.expected_results.append(ParsedExpectedResult(text, line.number))
        return
    for part, found in parts:
        if found is None and mode != "indicators":
            fiche.expected_results.append(ParsedExpectedResult(part, line.number))
            continue
        note = ""
        if found is None:
            found = rules.OPEN_ANSWER
            note = "Nature non reconnue : texte libre proposé."
            doubts.append(
                doubt_at(f"Indicateur « {shorten(rules.label(part))} » : nature non reconnue, texte libre proposé.", line)
            )
        if rules.questions_in(part) >= 2:
            note = "Deux questions sur une ligne : un seul indicateur oui/non."
            doubts.append(doubt_at("Deux questions sur une ligne : un seul indicateur oui/non, avec commentaire.", line))
        level, source = rules.level_and_source(part)
        if source and not note:
            named = ComputedSource(source).label
            note = f"Calculé par l'application ({named[:1].lower()}{named[1:]}) : proposé à l'échelle du schéma."
        elif level == IndicatorLevel.SCHEMA and not note:
            note = "Un chiffre pour tout le schéma, saisi chaque année : proposé à l'échelle du schéma."
        fiche.indicators.append(
            ParsedIndicator(
                label=rules.label(part),
                kind=found.kind,
                aggregation=found.aggregation,
                line=line.number,
                unit=found.unit,
                comment_asked=found.comment_asked,
                level=level,
                source=source,
                doubt=note,
            )
        )


# Organisations ---------------------------------------------------------------------------------------------------


def is_category(name: str) -> bool:
    return key(name) in _CATEGORIES


def _read_organisations(fiche: ParsedFiche, by_section, doubts) -> None:
    for section, role in (("pilotage", FicheRole.PILOT), ("partners_text", FicheRole.PARTNER)):
        for segment in by_section.get(section, []):
            for line, text in items(segment.lines, prose_is_item=False):
                name, detail = split_organisation_line(text)
                for part in _listed_names(name) if not detail else [name]:
                    item = ParsedOrganisation(part, role, line.number, detail)
                    if is_category(part):
                        fiche.categories.append(item)
                        continue
                    _add(fiche, item, line, doubts)
    for segment in by_section.get("resources", []):
        names_funders = "financ" in key(segment.heading)  # under "FINANCEURS", each item names funders
        for line, text in items(segment.lines, prose_is_item=False):
            names = funder_names(text)
            if names is None and names_funders:
                names = _listed_names(text.strip(" .;"))
            for name in names or []:
                if not is_category(name):
                    _add(fiche, ParsedOrganisation(name, FicheRole.FUNDER, line.number), line, doubts)


def _listed_names(name: str) -> list[str]:
    """ "Caf, MSA et Conseil départemental" written on one line: three organisations."""
    parts = [part.strip() for part in re.split(r"\s*[,;]\s*", name) if part.strip()]
    if len(parts) < 2:
        return [name]
    parts[-1:] = re.split(r"\s+et\s+(?=[A-ZÉÈÀ])", parts[-1])
    if any(len(part.split()) > 7 or not part[:1].isupper() for part in parts):
        return [name]
    return parts


def _add(fiche: ParsedFiche, organisation: ParsedOrganisation, line: Line, doubts) -> None:
    if not organisation.name:
        doubts.append(doubt_at("Nom d'organisation manquant.", line, blocking=True))
        return
    if len(organisation.name) > ORGANISATION_NAME_MAX_LENGTH:
        doubts.append(
            doubt_at(
                f"Nom d'organisation trop long (plus de {ORGANISATION_NAME_MAX_LENGTH} caractères) : "
                f"« {shorten(organisation.name)} ». Séparez le nom du cadre par « dans le cadre », « en lien » ou « : ».",
                line,
                blocking=True,
            )
        )
        return
    fiche.organisations.append(organisation)
