"""``{% load french %}`` then ``structure{{ count|plural }}``, ``socia{{ count|plural:"l,ux" }}``: French counting
(core/french.py), where Django's ``pluralize`` writes « 0 structures »."""

from django import template

from core import french

register = template.Library()
register.filter("plural", french.plural)


@register.filter
def elide(particle, following):
    """``{{ "que"|elide:role }}{{ role }}`` → « qu'administrateur », « que partenaire »."""
    return french.elide(particle, following)
