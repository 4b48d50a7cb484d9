"""Échéances: "Action 1 : 2023 à 2026", "Actions 1 et 3 : de 2022 à 2026", "Actions 1 à 3 : 2023-2026",
"Toutes les actions : 2022/2026", a bare "2023 à 2026" or "2024" for the whole fiche, "En continu" (the schéma's
period), with or without a bullet, a trailing ";" or ".".
"""

import re
from dataclasses import dataclass, replace

from ..importer import ParsedAction, ParsedFiche
from ..importer_text import fold, shorten
from . import Doubt
from .clean import Line, doubt_at, items

_YEAR = r"(?:19|20)\d{2}"
_PERIOD = (
    rf"(?:(?:de|en|sur|periode|annee|annees)\s+)?(?P<first>{_YEAR})"
    rf"(?:\s*(?:a|au|-|–|—|/|jusqu'?en|et|\s)\s*(?P<last>{_YEAR}))?"
)
_CONTINUOUS = r"(?P<continuous>en continu|tout au long du schema|toute la duree du schema|permanent(?:e)?)"
_WHEN = rf"(?:{_PERIOD}|{_CONTINUOUS})"
_NUMBERS = r"(?P<numbers>\d{1,3}(?:\s*(?:,|et|&|a|-)\s*\d{1,3})*)"
_FOR_ACTIONS = re.compile(rf"^actions?\s*(?:n\s*[°o]\s*)?{_NUMBERS}\s*(?::|–|—|-|\s)\s*{_WHEN}\s*[.;]?$")
_FOR_ALL = re.compile(rf"^(?:(?:toutes les|pour toutes les|l'ensemble des|chaque) actions?\s*(?::|–|—|-)?\s*)?{_WHEN}\s*[.;]?$")
_LOOKS_LIKE = re.compile(rf"\b{_YEAR}\b|^actions?\b|^toutes les actions|\ben continu\b")


@dataclass(frozen=True)
class Echeance:
    numbers: tuple[int, ...] | None  # None: every action of the fiche (not named elsewhere)
    first_year: int | None
    last_year: int | None
    continuous: bool = False  # "En continu": the schéma's period


_IN_BRACKETS = re.compile(
    r"\s*\(\s*(?:[ée]ch[ée]ance\s*:?\s*)?((?:19|20)\d{2}(?:\s*(?:à|a|-|–|/)\s*(?:19|20)\d{2})?)\s*\)\s*[.;]?$"
)


def bracketed_echeance(text: str) -> tuple[str, str] | None:
    """ "Former les bénévoles (2023-2025)": (text without the brackets, "2023-2025")."""
    match = _IN_BRACKETS.search(text)
    if not match:
        return None
    return text[: match.start()].rstrip(), match[1]


def looks_like_echeance(text: str) -> bool:
    return bool(_LOOKS_LIKE.search(fold(text)))


def parse_echeance(text: str) -> Echeance | None:
    """The échéance written on a line, or None when the line cannot be read."""
    folded = re.sub(r"\s*\([^)]*\)\s*([.;]?)$", r"\1", fold(text).replace("’", "'"))  # "2023 à 2026 (bilan en 2025)"
    match = _FOR_ACTIONS.match(folded) or _FOR_ALL.match(folded)
    if not match:
        return None
    groups = match.groupdict()
    continuous = bool(groups.get("continuous"))
    first = int(groups["first"]) if groups.get("first") else None
    last = int(groups["last"]) if groups.get("last") else first
    if not groups.get("numbers"):
        return Echeance(None, first, last, continuous)
    numbers: list[int] = []
    for token in re.split(r"\s*(?:,|et|&)\s*", groups["numbers"]):
        bounds = [int(bound) for bound in re.split(r"\s*(?:a|-)\s*", token.strip())]
        if len(bounds) == 2 and bounds[0] < bounds[1]:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return Echeance(tuple(numbers), first, last, continuous)


# Échéances -------------------------------------------------------------------------------------------------------


def _apply(action: ParsedAction, echeance: Echeance, line: Line) -> None:
    action.first_year, action.last_year, action.schedule_line = echeance.first_year, echeance.last_year, line.number


def _checked(text: str, line: Line, doubts, period) -> Echeance | None:
    """The échéance of a line, or None after saying why it cannot be read."""
    echeance = parse_echeance(text)
    if echeance is None:
        doubts.append(
            doubt_at(
                f"Échéance illisible : « {shorten(text)} ». Écrivez par exemple « Action 1 : 2023 à 2026 », "
                "« Actions 1 et 2 : 2022 à 2026 » ou « 2023 à 2026 ».",
                line,
                blocking=True,
            )
        )
        return None
    if echeance.continuous:
        if period is None:
            reason = f"« {shorten(text)} » : la période du schéma n'est pas connue, écrivez les années."
            doubts.append(doubt_at(reason, line, blocking=True))
            return None
        echeance = replace(echeance, first_year=period[0], last_year=period[1])
        doubts.append(doubt_at(f"« En continu » : la période du schéma ({period[0]} à {period[1]}) est retenue.", line))
    if echeance.first_year > echeance.last_year:
        reason = f"L'échéance « {shorten(text)} » finit avant de commencer ({echeance.first_year} à {echeance.last_year})."
        doubts.append(doubt_at(reason, line, blocking=True))
        return None
    return echeance


def read_echeances(fiche: ParsedFiche, segments, pending, doubts, *, period) -> None:
    """Give each action its échéance: written with the action (`pending`), or under ÉCHÉANCES; check the period."""
    refused = len(doubts)  # an unreadable échéance is the cause of the actions left without one: say it alone
    for action, (line, text) in pending:
        echeance = _checked(text, line, doubts, period)
        if echeance is not None:
            _apply(action, echeance, line)
    by_number = {action.number: action for action in fiche.actions}
    for_all = None
    for segment in segments:
        for line, text in items(segment.lines, prose_is_item=True):
            if not looks_like_echeance(text):
                continue
            echeance = _checked(text, line, doubts, period)
            if echeance is None:
                continue
            if echeance.numbers is None:
                if for_all is not None:
                    reason = f"Une échéance commune à toutes les actions figure déjà ligne {for_all[1].number}."
                    doubts.append(doubt_at(reason, line, blocking=True))
                    continue
                for_all = (echeance, line)
                continue
            for number in echeance.numbers:
                action = by_number.get(number)
                if action is None:
                    reason = f"L'échéance cite l'action {number}, absente de la fiche {fiche.code}."
                    doubts.append(doubt_at(reason, line, blocking=True))
                elif action.schedule_line:
                    reason = f"L'action {number} a déjà une échéance ligne {action.schedule_line}."
                    doubts.append(doubt_at(reason, line, blocking=True))
                else:
                    _apply(action, echeance, line)
    for action in fiche.actions:
        if action.schedule_line is None and for_all is not None:
            _apply(action, *for_all)
        if action.schedule_line is None and not any(doubt.blocking for doubt in doubts[refused:]):
            reason = (
                f"L'action {action.number} de la fiche {fiche.code} n'a pas d'échéance : ajoutez sous ÉCHÉANCES une "
                f"ligne « Action {action.number} : 2023 à 2026 »."
            )
            doubts.append(Doubt(reason, line=action.line, blocking=True))
        elif action.schedule_line and period and (action.first_year < period[0] or action.last_year > period[1]):
            reason = (
                f"L'échéance de l'action {action.number} ({action.first_year} à {action.last_year}) sort de la période "
                f"du schéma ({period[0]} à {period[1]})."
            )
            doubts.append(Doubt(reason, line=action.schedule_line, blocking=True))
