"""Text helpers of the fiche importer: line cleaning, and folding for comparisons.

Pure functions, no database: see `fiches.reading` for the reading itself.
"""

import functools
import re
import unicodedata

# Characters that Word and PDF exports put where a plain space or apostrophe is meant.
_ODD_SPACES = "\u00a0\u202f\u2007\u2009\u2002\u2003\u2005\t"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4\u2032"
_CLEAN_TABLE = str.maketrans({**dict.fromkeys(_ODD_SPACES, " "), **dict.fromkeys(_INVISIBLE)})
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def clean_line(raw: str) -> str:
    """The line as written, with odd spaces made plain, runs of spaces collapsed and invisible characters removed."""
    return re.sub(r" {2,}", " ", raw.translate(_CLEAN_TABLE)).strip()


@functools.lru_cache(maxsize=4096)  # the reader asks the same line several questions
def fold(text: str) -> str:
    """Lower-case, accent-free, straight-apostrophe form of a text, for comparisons only."""
    text = text.translate(_APOSTROPHE_TABLE).translate(_LIGATURES)
    if not text.isascii():
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", text).strip().lower()


@functools.lru_cache(maxsize=4096)
def key(text: str) -> str:
    """fold() with every run of punctuation made a single space: "PILOTAGE / COORDINATION" → "pilotage coordination"."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def shorten(text: str, width: int = 60) -> str:
    """A text cut for an error message."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
