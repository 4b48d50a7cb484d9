"""``{% load french %}`` then ``structure{{ count|plural }}``, ``socia{{ count|plural:"l,ux" }}``: French counting
(core/french.py), where Django's ``pluralize`` writes « 0 structures »."""

from django import template

from core import french

register = template.Library()
register.filter("plural", french.plural)
