"""French plural: 0 and 1 are singular, the plural starts at 2 (« 0 structure », « 2 structures »).

``plural(count)`` → « s » or « »; ``plural(count, "a,ont")`` → « a » or « ont » (the arguments of Django's
``pluralize``, which counts in English: « 0 structures »). Templates: ``{% load french %}``, ``|plural``.
"""

from decimal import Decimal, InvalidOperation


def is_plural(value):
    """True from 2 on (or for a collection of 2 items or more); a value that is no number is singular."""
    if not isinstance(value, (int, float, Decimal, str)) and hasattr(value, "__len__"):
        value = len(value)
    try:
        return abs(Decimal(str(value))) >= 2
    except (InvalidOperation, ValueError, TypeError):
        return False


def plural(value, suffixes="s"):
    singular, _, many = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    return many if is_plural(value) else singular


ELIDING = "aeiouyhàâäéèêëîïôöùûüœæ"


def elide(particle, following):
    """« que » before « administrateur » → « qu'administrateur », before « partenaire » → « que partenaire »:
    the particle (que, de, le, la…) and its space or apostrophe, to write just before ``following``."""
    first = str(following or "").lstrip()[:1].lower()
    if first and first in ELIDING:
        return f"{particle[:-1]}'"
    return f"{particle} "
