"""Small template helpers: French number formats and a progress bar.

``{% load avs %}`` then ``{{ amount|euros }}`` → « 70 000 € », ``{{ share|percent:1 }}`` → « 12,5 % »,
``{{ count|fr_number }}`` → « 1 234 », ``{{ user.get_role_display|lowerfirst }}`` → « conseiller Caf »,
``{% progress_bar action.progress "Avancement de l'action 1" %}``, ``{{ row.scope|secondary_lines }}``.
Numbers are grouped by thousands with a non-breaking space (Django's French format) and the unit is
joined by a non-breaking space, so that « 70 000 € » never wraps.
"""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join

from core import numbers
from core.secrecy import Withheld
from core.secrecy import withheld_text as secrecy_text

register = template.Library()

NBSP = "\xa0"

# The one French number format of the project (core/numbers.py), as a filter.
fr_number = register.filter("fr_number", numbers.fr_number)


def _with_unit(value, places, unit):
    if isinstance(value, Withheld):
        return str(value)
    formatted = numbers.fr_number(value, places)
    return f"{formatted}{NBSP}{unit}" if formatted else ""


@register.filter
def euros(value, places=0):
    """70000 → « 70 000 € »; empty for no value."""
    return _with_unit(value, places, "€")


@register.filter
def percent(value, places=0):
    """12.5 (already a percentage, 0-100) → « 13 % », or « 12,5 % » with ``|percent:1``."""
    return _with_unit(value, places, "%")


@register.filter
def lowerfirst(value):
    """« Conseiller Caf » → « conseiller Caf »: a label inside a sentence, proper nouns kept."""
    value = str(value)
    return value[:1].lower() + value[1:]


@register.filter
def secondary_lines(lines):
    """Each of ``lines`` after a line break, in secondary text (escaped): the lines under a table cell's
    first one. A filter rather than a loop in the template, which costs as much as the rest of a row."""
    return format_html_join("", '<br><span class="text-body-secondary">{}</span>', ((line,) for line in lines))


@register.simple_tag
def withheld_text():
    """« secret statistique (moins de 3 structures) », for a figure a template withholds as a whole."""
    return secrecy_text()


@register.simple_tag
def progress_bar(value, label=""):
    """An accessible progress bar for a percentage (0-100): the native <progress> element with its
    value written beside it. No inline style, so that a strict Content-Security-Policy holds."""
    # Rounded once, half up, so that the bar and the figure beside it agree (number_format truncates).
    number = numbers.round_half_up(max(Decimal(0), min(Decimal(100), numbers.to_decimal(value) or Decimal(0))))
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
