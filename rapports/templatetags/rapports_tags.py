"""``{% load rapports_tags %}``: French typography for the PDFs."""

from django import template

from ..annual import french_typography

register = template.Library()


@register.filter
def fr_typo(value):
    """Narrow no-break spaces before ; : ! ? and inside « » (the result is escaped as usual)."""
    return french_typography(value)
