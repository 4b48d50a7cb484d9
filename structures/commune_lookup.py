"""Finding the commune a person meant, from what a list of structures gives: an INSEE code, a postal code,
a name written in any of the usual ways.

Names are compared on a key that ignores case, accents, hyphens and apostrophes, the article
(« L'Isle-en-Dodon », « Isle-en-Dodon (L') », « Isle-en-Dodon »), « St »/« Ste » for « Saint »/« Sainte »
and the way an arrondissement is written (« Lyon 9e », « Lyon 9ème », « Lyon 9e Arrondissement »).
Nothing is guessed: a code and a name that disagree, or a name that fits several communes, give a French
error that shows what was read and the candidates.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .models import Commune

ARTICLES = ("l", "la", "le", "les")
SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
ARRONDISSEMENT = re.compile(r"\b0?(\d{1,2}) ?(?:er|e|eme|ieme|em|me)?(?: arrondissement| arr| arrt)?$")
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTAL_CODE = re.compile(r"^\d{5}$")
# How many candidates an error lists before « … ».
SHOWN_CANDIDATES = 5


def ascii_lower(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return text.lower()


def commune_key(name):
    """The key two spellings of the same commune share."""
    text = ascii_lower(name)
    suffix = re.search(r"\(\s*(l'|l’|la|le|les)\s*\)\s*$", text)  # « Isle-en-Dodon (L') »
    if suffix:
        text = text[: suffix.start()]
    text = re.sub(r"[^a-z0-9]+", " ", text).split()
    words = [SAINTS.get(word, word) for word in text]
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    key = " ".join(words)
    return ARRONDISSEMENT.sub(lambda match: f"{int(match.group(1))}e", key) if re.search(r"\d", key) else key


def described(commune):
    return f"{commune.name} ({commune.insee_code})"


def candidates_text(communes):
    # By INSEE code: the same message whatever order the database returned them in.
    communes = sorted(communes, key=lambda commune: commune.insee_code)
    listed = ", ".join(described(c) for c in communes[:SHOWN_CANDIDATES])
    return listed + (", …" if len(communes) > SHOWN_CANDIDATES else "")


@dataclass
class Found:
    commune: Commune | None = None
    error: str = ""
    notes: list = field(default_factory=list)


class CommuneLookup:
    """The communes a person may attach structures to: those of ``departments`` (None: all of France)."""

    def __init__(self, departments=None):
        communes = Commune.objects.all()
        if departments is not None:
            communes = communes.filter(department_code__in=departments)
        self.departments = departments
        self._index(list(communes))
        self._everywhere = None

    def _index(self, communes):
        self.by_code = {c.insee_code: c for c in communes}
        self.by_key = defaultdict(list)
        self.by_postal_code = defaultdict(list)
        self.arrondissements = defaultdict(list)
        for commune in communes:
            if commune.parent_code:
                self.arrondissements[commune.parent_code].append(commune)
            if commune.merged:  # kept for the structures already attached, never offered to new rows
                continue
            self.by_key[commune_key(commune.name)].append(commune)
            for code in commune.postal_codes.split():
                self.by_postal_code[code].append(commune)

    @property
    def is_empty(self):
        return not self.by_code

    def find(self, *, insee_code="", postal_code="", name=""):
        """The commune of a row, or the French reason why none is chosen."""
        insee_code = _padded(insee_code.strip().upper())
        if insee_code:
            return self._by_insee_code(insee_code, postal_code, name)
        if name:
            return self._by_name(name, postal_code)
        if postal_code:
            communes = self.by_postal_code.get(postal_code, [])
            if len(communes) == 1:
                return Found(communes[0])
            if communes:
                return Found(
                    error=f"Le code postal {postal_code} dessert plusieurs communes "
                    f"({candidates_text(communes)}) : indiquez la commune."
                )
            return Found(error=f"Code postal inconnu dans votre territoire : {postal_code}.")
        return Found(error="La commune est obligatoire (nom, code postal ou code INSEE).")

    def _by_insee_code(self, code, postal_code, name):
        commune = self.by_code.get(code)
        if commune is not None and not name:
            return self._by_code_alone(commune, code, postal_code)
        if commune is not None and self._names(commune, name):
            return Found(commune)
        if name:
            # A postal code typed in the INSEE code column (Lyon 9e: postal code 69009, INSEE code of Anse).
            by_name = self._by_name(name, code if POSTAL_CODE.match(code) else postal_code)
            if by_name.commune is not None and code in by_name.commune.postal_codes.split():
                by_name.notes.append(f"« {code} » est lu comme le code postal de {by_name.commune.name}.")
                return by_name
            if by_name.commune is not None and by_name.commune.parent_code == code:  # « Lyon 9e » with Lyon's code
                return by_name
            if commune is not None:
                return Found(
                    error=f"Le code INSEE {code} désigne {commune.name}, mais la commune indiquée est « {name} » : "
                    "corrigez l'un ou l'autre."
                )
        if not INSEE_CODE.match(code):
            return Found(error=f"Code INSEE invalide : « {code} » (5 caractères, par exemple 34172).")
        elsewhere = self.everywhere().by_code.get(code)
        if elsewhere is not None:
            return Found(error=f"La commune {described(elsewhere)} n'est pas dans votre territoire.")
        return Found(error=f"Code INSEE inconnu : « {code} ».")

    def _by_code_alone(self, commune, code, postal_code):
        """An INSEE code without a name: checked against the postal code, and said when it is also one."""
        others = [c for c in self.by_postal_code.get(postal_code, []) if c.pk != commune.pk] if postal_code else []
        if others and postal_code not in commune.postal_codes.split():
            return Found(
                error=f"Le code INSEE {code} désigne {commune.name} (code postal {commune.postal_codes or 'inconnu'}), "
                f"mais le code postal {postal_code} est celui de {candidates_text(others)} : corrigez l'un ou l'autre."
            )
        found = Found(commune)
        homonyms = [c for c in self.by_postal_code.get(code, []) if c.pk != commune.pk]
        if homonyms:
            found.notes.append(
                f"« {code} » est lu comme le code INSEE de {commune.name} ; c'est aussi le code postal de "
                f"{candidates_text(homonyms)} : vérifiez la commune."
            )
        return found

    def _names(self, commune, name):
        """Whether the name is that commune's, or its city's for an arrondissement (« Lyon » for 69389)."""
        key = commune_key(name)
        if key == commune_key(commune.name):
            return True
        parent = self.by_code.get(commune.parent_code) if commune.parent_code else None
        return parent is not None and key == commune_key(parent.name)

    def _by_name(self, name, postal_code):
        key = commune_key(name)
        communes = self.by_key.get(key, [])
        if not communes:
            return self._unknown(name, postal_code)
        notes = []
        if postal_code:
            served = [c for c in communes if postal_code in c.postal_codes.split()]
            if not served:
                # A CEDEX or an old postal code: the département must still agree with the name.
                served = [c for c in communes if _in_department(postal_code, c.department_code)]
                if not served:
                    return Found(
                        error=f"Le code postal {postal_code} ne correspond pas à « {name} » "
                        f"({candidates_text(communes)}) : corrigez l'un ou l'autre."
                    )
                if len(served) == 1:
                    notes.append(
                        f"Le code postal {postal_code} n'est pas l'un de ceux de {served[0].name} "
                        f"({served[0].postal_codes or 'aucun connu'}) : la commune est choisie d'après son nom."
                    )
            communes = served
        if len(communes) > 1:
            exact = [c for c in communes if ascii_lower(c.name) == ascii_lower(name)]
            communes = exact if len(exact) == 1 else communes
        if len(communes) > 1:
            return Found(
                error=f"Plusieurs communes s'appellent « {name} » : {candidates_text(communes)}. Indiquez le code INSEE."
            )
        commune = communes[0]
        # « 69009 Lyon »: the arrondissement the postal code serves.
        if postal_code and commune.insee_code in self.arrondissements:
            within = [c for c in self.arrondissements[commune.insee_code] if postal_code in c.postal_codes.split()]
            if len(within) == 1:
                return Found(within[0])
        return Found(commune, notes=notes)

    def _unknown(self, name, postal_code):
        if self.departments is not None:
            elsewhere = self.everywhere().by_key.get(commune_key(name), [])
            if elsewhere:
                return Found(
                    error=f"« {name} » ({candidates_text(elsewhere)}) n'est pas dans votre territoire "
                    f"(département{'s' if len(self.departments) > 1 else ''} {', '.join(sorted(self.departments))})."
                )
        served = self.by_postal_code.get(postal_code, []) if postal_code else []
        if served:
            return Found(error=f"Commune inconnue : « {name} » ; le code postal {postal_code} dessert {candidates_text(served)}.")
        return Found(error=f"Commune inconnue : « {name} ».")

    def everywhere(self):
        """The same lookup over all of France, to tell « not in your territory » from « unknown »."""
        if self.departments is None:
            return self
        if self._everywhere is None:
            self._everywhere = CommuneLookup(None)
        return self._everywhere


def _in_department(postal_code, department_code):
    if department_code in ("2A", "2B"):  # Corsica's postal codes start with 20
        return postal_code.startswith("20")
    return postal_code.startswith(department_code)


def _padded(code):
    """A leading zero lost in a spreadsheet (« 1004 » for 01004)."""
    return "0" + code if code.isdigit() and len(code) == 4 else code
