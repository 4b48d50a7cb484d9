"""``{% load rapports_tags %}``: French typography for the PDFs."""

import re

from django import template

from core.templatetags.avs import fr_number

from ..annual import french_typography

register = template.Library()


@register.filter
def fr_typo(value):
    """Narrow no-break spaces before ; : ! ? and inside « » (the result is escaped as usual)."""
    return french_typography(value)


@register.filter
def gap(value, places=0):
    """The gap to a target, signed: 2 → « +2 », -3.5 → « −3,5 » (a minus sign, not a hyphen); empty for None."""
    if value is None:
        return ""
    text = fr_number(abs(value), places)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


@register.filter
def bullet_text(line):
    """A line of a list without the bullet the source typed before it (« - ➔ », « - », « ➔ », « • »)."""
    return re.sub(r"^\s*(?:[-–•*]\s*)?(?:➔\s*)?", "", str(line)).strip()
