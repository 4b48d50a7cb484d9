"""The project's number rules, written once: a share as a percentage, rounding, the French number format.

Every figure shown as a percentage goes through ``percent`` and every rounding through ``round_half_up``, so
that a page, a dashboard and a PDF that show the same figure show the same digits: a reader rounds 67,5 up to
68 (half up, as taught at school and as a spreadsheet does), not to the even neighbour as Python's ``round``
does.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

from .secrecy import Withheld


def to_decimal(value):
    """``value`` as a Decimal, or None when it is empty or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def round_half_up(value, places=0):
    """``value`` rounded half up to ``places`` decimals (a Decimal; None stays None)."""
    number = to_decimal(value)
    if number is None:
        return None
    return number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def percent(part, whole, places=1):
    """``part`` as a percentage of ``whole`` (0-100), rounded half up to ``places`` decimals; None when
    ``whole`` is nothing (no share of nothing)."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), places)


def fr_number(value, places=0):
    """1234.5 → « 1 234 » (``places`` decimals, rounded half up, French separators: Django's French format);
    "" for no value; the French text of a figure withheld by statistical secrecy (core/secrecy.py)."""
    if isinstance(value, Withheld):
        return str(value)
    number = round_half_up(value, places)
    if number is None:
        return ""
    # Rounded above: Django's number_format cuts the extra decimals off (66.67 would read « 66,6 »).
    return number_format(number, decimal_pos=int(places), use_l10n=True, force_grouping=True)
