"""Small template helpers: French number formats and a progress bar.

``{% load avs %}`` then ``{{ amount|euros }}`` → « 70 000 € », ``{{ share|percent:1 }}`` → « 12,5 % »,
``{{ count|fr_number }}`` → « 1 234 », ``{{ user.get_role_display|lowerfirst }}`` → « conseiller Caf »,
``{% progress_bar action.progress "Avancement de l'action 1" %}``.
Numbers are grouped by thousands with a non-breaking space (Django's French format) and the unit is
joined by a non-breaking space, so that « 70 000 € » never wraps.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from core.secrecy import Withheld
from core.secrecy import withheld_text as secrecy_text

register = template.Library()

NBSP = "\xa0"


def _to_decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _format(value, places):
    number = _to_decimal(value)
    if number is None:
        return None
    # Rounded here: Django's number_format cuts the extra decimals off (66.67 would read « 66,6 »).
    number = number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return number_format(number, decimal_pos=int(places), use_l10n=True, force_grouping=True)


@register.filter
def fr_number(value, places=0):
    """1234.5 → « 1 234 » (``places`` decimals, French separators); empty for no value; the French text
    of a figure withheld by statistical secrecy (core/secrecy.py)."""
    if isinstance(value, Withheld):
        return str(value)
    formatted = _format(value, places)
    return "" if formatted is None else formatted


@register.filter
def euros(value, places=0):
    """70000 → « 70 000 € »; empty for no value."""
    if isinstance(value, Withheld):
        return str(value)
    formatted = _format(value, places)
    return "" if formatted is None else f"{formatted}{NBSP}€"


@register.filter
def percent(value, places=0):
    """12.5 (already a percentage, 0-100) → « 13 % », or « 12,5 % » with ``|percent:1``."""
    if isinstance(value, Withheld):
        return str(value)
    formatted = _format(value, places)
    return "" if formatted is None else f"{formatted}{NBSP}%"


@register.filter
def lowerfirst(value):
    """« Conseiller Caf » → « conseiller Caf »: a label inside a sentence, proper nouns kept."""
    value = str(value)
    return value[:1].lower() + value[1:]


@register.simple_tag
def withheld_text():
    """« secret statistique (moins de 3 structures) », for a figure a template withholds as a whole."""
    return secrecy_text()


@register.simple_tag
def progress_bar(value, label=""):
    """An accessible progress bar for a percentage (0-100): the native <progress> element with its
    value written beside it. No inline style, so that a strict Content-Security-Policy holds."""
    number = _to_decimal(value) or Decimal(0)
    # Rounded once, half up, so that the bar and the figure beside it agree (number_format truncates).
    number = max(Decimal(0), min(Decimal(100), number)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    shown = f"{number_format(number, decimal_pos=0, use_l10n=True)}{NBSP}%"
    return format_html(
        '<span class="avs-progress"><progress max="100" value="{}"{}>{}</progress>'
        '<span class="avs-progress-value">{}</span></span>',
        round(number),
        format_html(' aria-label="{}"', label) if label else "",
        shown,
        shown,
    )


@register.inclusion_tag("layout/error_summary.html")
def error_summary(form, noun="erreur"):
    """The summary of a form's errors for its top (RGAA 11.10): the general errors, then one link per field error
    (a hidden field's error, such as a stale version, without a link). ``noun`` counts them in the heading:
    « 3 valeurs à corriger » with ``noun="valeur"``."""
    items = [{"text": str(error), "href": None} for error in form.non_field_errors()]
    fields = 0
    for field in form:
        if field.errors:
            fields += 1
        for error in field.errors:
            href = None if field.is_hidden else f"#{field.id_for_label}"
            items.append({"text": str(error) if field.is_hidden else f"{field.label} : {error}", "href": href})
    count = fields or len(items)
    heading = f"{count} {noun}{'s' if count > 1 else ''} à corriger"
    return {"items": items, "heading": heading, "prefix": form.prefix or "form"}
