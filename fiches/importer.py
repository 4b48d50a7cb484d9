"""Read a fiche-action written in the plain-text format of the Rhône schéma (see ../shared/seeds/).

Pure parsing, no database: `parse_fiche(text)` returns a `ParsedFiche`, `fiches.services.import_fiche` writes it.

The format
----------
Three header lines, in this order (a line right under one of them, with no blank line between, continues its title):

    2 - CONFIRMER LA FONCTION …                   axis 2
    2.1 - Accompagner les structures …            orientation 2.1 ("3.1- …" is fine); must start with the axis number
    PA 2.1.2 - PROMOUVOIR LES …                   fiche "PA 2.1.2"; its number must start with the orientation's

then sections opened by headings, compared without case, accents, apostrophes nor punctuation: DIAGNOSTIC,
DÉFINITIONS ET PRINCIPES D'ACTION, PUBLICS ET TERRITOIRES, PILOTAGE / COORDINATION, PARTENAIRES IMPLIQUÉS,
RESSOURCES ET FINANCEMENTS, ACTION n (or "Action n - text"), ÉCHÉANCES, RÉSULTATS ATTENDUS + INDICATEURS
D'ÉVALUATION. Any other line, heading-like or not, belongs to the section above it. Bullets are "- ➔", "-", "•", "➔".
Line ends (LF, CRLF, CR), non-breaking spaces, extra blank lines and a missing final newline do not matter.

What each section gives
-----------------------
- The text sections are kept as written (bullets rewritten "- ", blank lines collapsed): diagnostic, principles,
  publics, pilotage, partners_text, resources, schedule.
- ACTION n: one action, its text being the lines of the section without their bullet markers.
- ÉCHÉANCES: "Action 1 : 2023 à 2026", "Actions 1 et 2 : 2022 à 2026", "Actions 1, 2 et 3 : …", or a bare
  "2023 à 2026" for every action not named elsewhere; "2023-2026" and a single year "2024" also work. Lines with
  neither a year nor the word "action" are only kept in the text. Every action needs an échéance.
- PILOTAGE / COORDINATION, PARTENAIRES IMPLIQUÉS: each bullet names a pilot or a partner organisation; what
  follows " dans le cadre", " en lien", " au titre" or " : " is the frame of its role (detail). Without any bullet in
  the section, each line is one organisation.
- RESSOURCES ET FINANCEMENTS: a bullet starting "Financements" lists funders separated by commas and "et".

Results and indicators
----------------------
Each item of RÉSULTATS ATTENDUS + INDICATEURS D'ÉVALUATION is an indicator when it starts with "Nombre de/d'",
"Taux de", "Part de", "Pourcentage", "Montant", "Existence de/d'", or is a question (contains "?", or starts
with an interrogative word); everything else ("Capacité à …", "Émergence de …") is an expected result. The kind
of value is guessed from the first words, and the indicator is collected per structure (IndicatorLevel.STRUCTURE):

    Nombre …, Combien …                      integer, summed
    Taux …, Part …, Pourcentage …            percentage, averaged, unit "%"
    Montant …                                amount, summed, unit "€"
    Existence …                              yes/no, count of "oui"
    Qu'est-ce que …, Comment …, Quel(le)(s) …, Pourquoi …, En quoi …
                                             free text, no aggregation (answers listed)
    any other question                       yes/no with a comment asked, share of "oui"

An item made of parts joined by " + " that are all indicators gives one indicator per part ("Qu'est-ce que … +
Nombre de personnes touchées …" is a free-text question and a count). A trailing "." or ";" is dropped from labels.
"""

import codecs
import re
from dataclasses import dataclass, field

from indicateurs.enums import IndicatorLevel

from .enums import FicheRole
from .importer_rules import (
    funder_names,
    indicator_label,
    looks_like_echeance,
    parse_echeance,
    split_organisation_line,
    split_results_item,
)
from .importer_text import clean_line, heading_of, shorten, split_bullet

AXIS_LINE = re.compile(r"^(?:axe\s+)?(\d{1,2})\s*[-–—:]\s*(.+)$", re.IGNORECASE)
ORIENTATION_LINE = re.compile(r"^(?:orientation\s+)?(\d{1,2}\.\d{1,2})\s*[-–—:]\s*(.+)$", re.IGNORECASE)
FICHE_LINE = re.compile(r"^([a-z]{1,4})\s*(\d{1,2}\.\d{1,2}\.\d{1,2})\s*[-–—:]\s*(.+)$", re.IGNORECASE)
EXAMPLES = {
    "axis": "« 2 - Confirmer la fonction … »",
    "orientation": "« 2.1 - Accompagner les structures … »",
    "fiche": "« PA 2.1.2 - Promouvoir les expérimentations … »",
}
NAMES = {"axis": "la ligne de l'axe", "orientation": "la ligne de l'orientation", "fiche": "la ligne de la fiche"}
TITLE_MAX_LENGTH = 500
ORGANISATION_NAME_MAX_LENGTH = 200


class FicheFormatError(Exception):
    """A fiche that cannot be imported: a French message, with the line and the file when known."""

    def __init__(self, message: str, *, line: int | None = None, filename: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.filename = filename

    def __str__(self):
        where = f"Ligne {self.line} : " if self.line else ""
        return f"{self.filename} — {where}{self.message}" if self.filename else f"{where}{self.message}"

    def in_file(self, filename: str) -> "FicheFormatError":
        return FicheFormatError(self.message, line=self.line, filename=filename)


@dataclass
class ParsedAction:
    number: int
    text: str
    line: int
    first_year: int | None = None
    last_year: int | None = None
    schedule_line: int | None = None


@dataclass
class ParsedExpectedResult:
    text: str
    line: int


@dataclass
class ParsedIndicator:
    label: str
    kind: str
    aggregation: str
    line: int
    unit: str = ""
    comment_asked: bool = False
    level: str = IndicatorLevel.STRUCTURE
    source: str = ""  # a ComputedSource when the application computes the figure itself
    doubt: str = ""  # why the kind or level was proposed, for the preview


@dataclass
class ParsedOrganisation:
    name: str
    role: str
    line: int
    detail: str = ""


@dataclass
class ParsedFiche:
    axis_number: int
    axis_title: str
    orientation_number: str
    orientation_title: str
    code: str
    title: str
    line: int
    diagnostic: str = ""
    principles: str = ""
    publics: str = ""
    pilotage: str = ""
    partners_text: str = ""
    resources: str = ""
    schedule: str = ""
    actions: list[ParsedAction] = field(default_factory=list)
    expected_results: list[ParsedExpectedResult] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    organisations: list[ParsedOrganisation] = field(default_factory=list)
    # Named in PILOTAGE or PARTENAIRES but a category of structures or people, not an organisation of the directory.
    categories: list[ParsedOrganisation] = field(default_factory=list)
    # Sections the format does not know: (heading as written, text), kept apart, never mixed with the others.
    other_sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Line:
    number: int
    text: str  # without its bullet marker; "" for a blank line
    bullet: bool = False


TEXT_SECTIONS = ("diagnostic", "principles", "publics", "pilotage", "partners_text", "resources", "schedule")


def decode_fiche_bytes(data: bytes) -> str:
    """The text of a fiche file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise FicheFormatError("Ce fichier n'est pas un texte : enregistrez la fiche au format texte (.txt) en UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FicheFormatError(
            "Encodage des caractères non reconnu : enregistrez la fiche en texte UTF-8.",
            line=data[: error.start].count(b"\n") + 1,
        ) from None


def parse_fiche(text: str) -> ParsedFiche:
    """Read one fiche; raise FicheFormatError (French message, line number) when the text cannot be read."""
    lines = [(number, clean_line(raw)) for number, raw in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), 1)]
    if not any(line for _number, line in lines):
        raise FicheFormatError("Le fichier est vide.")
    fiche, body_start = _read_header(lines)
    sections, actions = _read_sections(lines[body_start:])
    for name in TEXT_SECTIONS:
        setattr(fiche, name, _render(sections.get(name, [])))
    fiche.actions = actions
    _read_echeances(sections.get("schedule", []), actions)
    _read_results(sections.get("results", []), fiche)
    _read_organisations(sections, fiche)
    return fiche


def _read_header(lines: list[tuple[int, str]]) -> tuple[ParsedFiche, int]:
    """The axis, orientation and fiche lines; returns the fiche and the index of the first line of the body."""
    found: dict[str, list] = {}  # element → [regex match, continued title or None, line number]
    expected = "axis"
    previous = None  # the element whose title the next line may continue
    for index, (number, line) in enumerate(lines):
        if not line:
            previous = None
            continue
        if heading_of(line):
            if expected != "done":
                raise FicheFormatError(
                    f"{NAMES[expected].capitalize()} (par exemple {EXAMPLES[expected]}) doit précéder « {shorten(line)} ».",
                    line=number,
                )
            return _header_fiche(found), index
        matches = {
            "fiche": FICHE_LINE.match(line),
            "orientation": ORIENTATION_LINE.match(line),
            "axis": AXIS_LINE.match(line),
        }
        if expected != "done" and matches[expected]:
            found[expected] = [matches[expected], None, number]
            _check_header_numbers(expected, found, number)
            previous, expected = expected, {"axis": "orientation", "orientation": "fiche", "fiche": "done"}[expected]
            continue
        if previous and not any(matches.values()):
            found[previous][1] = f"{found[previous][1] or found[previous][0].groups()[-1].strip()} {line}"
            continue
        if expected == "done":
            raise FicheFormatError(
                f"Texte hors rubrique : « {shorten(line)} » doit suivre un intitulé de rubrique (DIAGNOSTIC, ACTION 1…).",
                line=number,
            )
        raise FicheFormatError(
            f"{NAMES[expected].capitalize()} est attendue (par exemple {EXAMPLES[expected]}) ; trouvé « {shorten(line)} ».",
            line=number,
        )
    if expected != "done":
        raise FicheFormatError(f"Le fichier se termine avant {NAMES[expected]} (par exemple {EXAMPLES[expected]}).")
    return _header_fiche(found), len(lines)


def _check_header_numbers(element: str, found: dict, line: int) -> None:
    if element == "orientation":
        axis, orientation = found["axis"][0][1], found["orientation"][0][1]
        if int(orientation.split(".")[0]) != int(axis):
            raise FicheFormatError(f"L'orientation {orientation} n'appartient pas à l'axe {axis}.", line=line)
    if element == "fiche":
        orientation, (prefix, number) = found["orientation"][0][1], found["fiche"][0].group(1, 2)
        if [int(part) for part in number.split(".")[:2]] != [int(part) for part in orientation.split(".")]:
            raise FicheFormatError(
                f"La fiche {prefix.upper()} {number} n'appartient pas à l'orientation {orientation}.", line=line
            )


def _header_fiche(found: dict) -> ParsedFiche:
    titles = {}
    for element, (match, title, line) in found.items():
        titles[element] = title or match.groups()[-1].strip()
        if len(titles[element]) > TITLE_MAX_LENGTH:
            raise FicheFormatError(f"Intitulé trop long (plus de {TITLE_MAX_LENGTH} caractères).", line=line)
    fiche_match = found["fiche"][0]
    return ParsedFiche(
        axis_number=int(found["axis"][0][1]),
        axis_title=titles["axis"],
        orientation_number=found["orientation"][0][1],
        orientation_title=titles["orientation"],
        code=f"{fiche_match[1].upper()} {fiche_match[2]}",
        title=titles["fiche"],
        line=found["fiche"][2],
    )


def _read_sections(lines: list[tuple[int, str]]) -> tuple[dict[str, list[_Line]], list[ParsedAction]]:
    """The lines of each section, and the actions (whose text is filled here)."""
    sections: dict[str, list[_Line]] = {}
    action_lines: dict[int, list[_Line]] = {}
    actions: list[ParsedAction] = []
    current: list[_Line] | None = None
    current_name = ""
    for number, line in lines:
        bullet, text = split_bullet(line)
        heading = None if bullet or not line else heading_of(line, in_schedule=current_name == "schedule")
        if heading is None:
            if current is not None:
                current.append(_Line(number, text, bullet))
            continue
        current_name, action_number, inline_text = heading
        if current_name == "action":
            if action_number in action_lines:
                first = next(action.line for action in actions if action.number == action_number)
                raise FicheFormatError(f"L'action {action_number} est déjà décrite ligne {first}.", line=number)
            actions.append(ParsedAction(action_number, "", number))
            current = action_lines[action_number] = [_Line(number, inline_text)] if inline_text else []
        else:
            current = sections.setdefault(current_name, [])
    for action in actions:
        action.text = "\n".join(text for _line, text in _items(action_lines[action.number], prose_is_item=True))
        if not action.text:
            raise FicheFormatError(f"L'action {action.number} n'a pas de texte.", line=action.line)
    return sections, actions


def _items(lines: list[_Line], *, prose_is_item: bool) -> list[tuple[int, str]]:
    """The items of a list: each bullet, with the unmarked lines right under it.

    A section without any bullet has one item per line. Otherwise an unmarked paragraph is an item of its own
    when prose_is_item, else it is only kept in the section's text.
    """
    has_bullets = any(line.bullet for line in lines)
    items: list[list] = []
    after_blank = True
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        if line.bullet or not has_bullets:
            items.append([line.number, line.text])
        elif not after_blank and items:
            items[-1][1] = f"{items[-1][1]} {line.text}"
        elif prose_is_item:
            items.append([line.number, line.text])
        after_blank = False
    return [(number, text) for number, text in items]


def _render(lines: list[_Line]) -> str:
    """A section's text: lines as written, bullets as "- ", one blank line between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(f"- {line.text}" if line.bullet else line.text)
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs if paragraph)


def _read_echeances(lines: list[_Line], actions: list[ParsedAction]) -> None:
    by_number = {action.number: action for action in actions}
    for_all_line = None
    for_all = None
    for number, text in _items(lines, prose_is_item=True):
        if not looks_like_echeance(text):
            continue
        echeance = parse_echeance(text)
        if echeance is None:
            raise FicheFormatError(
                f"Échéance illisible : « {shorten(text)} ». Écrivez par exemple « Action 1 : 2023 à 2026 », "
                "« Actions 1 et 2 : 2022 à 2026 » ou « 2023 à 2026 ».",
                line=number,
            )
        if echeance.first_year > echeance.last_year:
            raise FicheFormatError(
                f"L'échéance « {shorten(text)} » finit avant de commencer ({echeance.first_year} à {echeance.last_year}).",
                line=number,
            )
        if echeance.numbers is None:
            if for_all_line:
                raise FicheFormatError(
                    f"Une échéance commune à toutes les actions figure déjà ligne {for_all_line}.", line=number
                )
            for_all_line, for_all = number, echeance
            continue
        for action_number in echeance.numbers:
            action = by_number.get(action_number)
            if action is None:
                raise FicheFormatError(f"L'échéance cite l'action {action_number}, absente de la fiche.", line=number)
            if action.schedule_line:
                raise FicheFormatError(f"L'action {action_number} a déjà une échéance ligne {action.schedule_line}.", line=number)
            action.first_year, action.last_year, action.schedule_line = echeance.first_year, echeance.last_year, number
    for action in actions:
        if action.schedule_line is None and for_all is not None:
            action.first_year, action.last_year, action.schedule_line = for_all.first_year, for_all.last_year, for_all_line
        if action.schedule_line is None:
            raise FicheFormatError(
                f"L'action {action.number} n'a pas d'échéance : ajoutez sous ÉCHÉANCES une ligne "
                f"« Action {action.number} : 2023 à 2026 ».",
                line=action.line,
            )


def _read_results(lines: list[_Line], fiche: ParsedFiche) -> None:
    for number, text in _items(lines, prose_is_item=True):
        for part, guess in split_results_item(text):
            if guess is None:
                fiche.expected_results.append(ParsedExpectedResult(part, number))
                continue
            fiche.indicators.append(
                ParsedIndicator(
                    label=indicator_label(part),
                    kind=guess.kind,
                    aggregation=guess.aggregation,
                    line=number,
                    unit=guess.unit,
                    comment_asked=guess.comment_asked,
                )
            )


def _read_organisations(sections: dict[str, list[_Line]], fiche: ParsedFiche) -> None:
    for section, role in (("pilotage", FicheRole.PILOT), ("partners_text", FicheRole.PARTNER)):
        for number, text in _items(sections.get(section, []), prose_is_item=False):
            name, detail = split_organisation_line(text)
            _add_organisation(fiche, ParsedOrganisation(name, role, number, detail))
    for number, text in _items(sections.get("resources", []), prose_is_item=False):
        for name in funder_names(text) or []:
            _add_organisation(fiche, ParsedOrganisation(name, FicheRole.FUNDER, number))


def _add_organisation(fiche: ParsedFiche, organisation: ParsedOrganisation) -> None:
    if not organisation.name:
        raise FicheFormatError("Nom d'organisation manquant.", line=organisation.line)
    if len(organisation.name) > ORGANISATION_NAME_MAX_LENGTH:
        raise FicheFormatError(
            f"Nom d'organisation trop long (plus de {ORGANISATION_NAME_MAX_LENGTH} caractères) : "
            f"« {shorten(organisation.name)} ». Séparez le nom du cadre par « dans le cadre », « en lien » ou « : ».",
            line=organisation.line,
        )
    fiche.organisations.append(organisation)
