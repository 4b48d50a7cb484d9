"""Read ../shared/samples/fiches/ATTENDU.md: for each sample file, what a careful reader records of each fiche.

The expected values stay in ../shared (they quote the fiches' prose): the tests read them from there.
"""

import re
from dataclasses import dataclass, field

from indicateurs.enums import IndicatorKind

KINDS = {
    "entier (somme)": [(IndicatorKind.INTEGER, False)],
    "pourcentage (%)": [(IndicatorKind.PERCENTAGE, False)],
    "oui/non": [(IndicatorKind.BOOLEAN, False)],
    "oui/non + commentaire": [(IndicatorKind.BOOLEAN, True)],
    "texte libre": [(IndicatorKind.TEXT, False)],
    "integer (+ texte)": [(IndicatorKind.INTEGER, True)],
    "text/choice (qualitatif)": [(IndicatorKind.TEXT, False), (IndicatorKind.CHOICE, False)],
}


@dataclass
class ExpectedFiche:
    code: str
    axis: tuple[int, str] = (0, "")
    orientation: tuple[str, str] = ("", "")
    title: str = ""
    actions: list[tuple[int, int, int, str]] = field(default_factory=list)
    indicators: list[tuple[str, list]] = field(default_factory=list)  # (label, [(kind, comment asked) allowed])
    results: list[str] = field(default_factory=list)
    pilots: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    contains: list[tuple[str, str]] = field(default_factory=list)  # (section, phrase)
    other_sections: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ExpectedFile:
    name: str
    description: str = ""
    fiches: list[ExpectedFiche] = field(default_factory=list)


def read_attendu(text: str) -> dict[str, ExpectedFile]:
    files: dict[str, ExpectedFile] = {}
    current_file = None
    fiche = None
    listing = None
    for line in text.splitlines():
        if line.startswith("## "):
            current_file = files.setdefault(line[3:].strip(), ExpectedFile(line[3:].strip()))
            fiche = listing = None
            continue
        if current_file is None:
            continue
        match = re.match(r"^\*\*Attendu — fiche (.+?)(?: \(.*\))?\*\*$", line)
        if match:
            fiche = ExpectedFiche(match[1])
            current_file.fiches.append(fiche)
            listing = None
            continue
        if fiche is None:
            if line.strip() and not line.startswith("**"):
                current_file.description += line
            continue
        if line.startswith("  - ") and listing:
            _list_item(fiche, listing, line[4:])
            continue
        match = re.match(r"^- (Actions|Indicateurs|Résultats attendus) \((\d+)\)", line)
        if match:
            listing = match[1]
            fiche.counts[listing] = int(match[2])
            continue
        listing = None
        _field(fiche, line)
    return files


def _list_item(fiche: ExpectedFiche, listing: str, item: str) -> None:
    if listing == "Actions":
        match = re.match(r"^(\d+) : (\d{4})–(\d{4}) — (.+)$", item)
        fiche.actions.append((int(match[1]), int(match[2]), int(match[3]), match[4]))
    elif listing == "Indicateurs":
        label, kind = item.rsplit(" — ", 1)
        fiche.indicators.append((label, KINDS[kind]))
    else:
        fiche.results.append(item)


def _field(fiche: ExpectedFiche, line: str) -> None:
    if line.startswith("- Axe : "):
        number, title = line[8:].split(" — ", 1)
        fiche.axis = (int(number), title)
    elif line.startswith("- Orientation : "):
        number, title = line[16:].split(" — ", 1)
        fiche.orientation = (number, title)
    elif line.startswith("- Titre : "):
        fiche.title = line[10:]
    elif line.startswith("- Pilotes : "):
        pilots, partners, funders = (part.split(" : ", 1)[1] for part in line[2:].split(" ; "))
        fiche.pilots, fiche.partners = pilots.split(", "), partners.split(", ")
        match = re.match(r"^(\d+)(?: \((.*)\))?$", funders)
        fiche.funders = match[2].split(", ") if match[2] else []
        assert len(fiche.funders) == int(match[1])
    elif line.startswith("- Textes : "):
        for part in line[11:].split(" ; "):
            section, phrase = re.match(r"^(\w+) contient « (.+) »$", part).groups()
            fiche.contains.append((section, phrase))
    elif line.startswith("- Rubriques inconnues à garder à part : "):
        fiche.other_sections = line.split(" : ", 1)[1].split(", ")
