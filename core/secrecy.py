"""Statistical secrecy: a group figure is shown to a partner only when it describes enough structures.

A budget summed over an EPCI that holds one structure is that structure's budget. Partners (and anyone
outside the Caf) see a group figure only when at least ``settings.AVS_MIN_GROUP_SIZE`` structures make it;
otherwise they read « secret statistique (moins de 3 structures) ». The Caf's conseillers and
administrateurs, who read every structure's file anyway, see every figure: the rule
``structures.view_small_groups`` says who they are.

The code that computes a group figure asks :func:`smallest_group` once per request and passes it down;
:func:`shown` replaces a figure made of too few structures by :data:`WITHHELD`, which the number filters
(``core/templatetags/avs.py``) and the charts write as the French text.
"""

from django.conf import settings


class Withheld:
    """A figure not shown: it would describe fewer structures than the threshold."""

    is_withheld = True

    def __str__(self):
        return withheld_text()

    def __repr__(self):
        return "WITHHELD"

    def __reduce__(self):
        # Unpickled (figures read from the cache) as the one WITHHELD, so that ``is WITHHELD`` still holds.
        return "WITHHELD"


WITHHELD = Withheld()


def withheld_text():
    return f"secret statistique (moins de {settings.AVS_MIN_GROUP_SIZE} structures)"


def smallest_group(user):
    """The fewest structures a group figure shown to ``user`` may describe (1: every figure)."""
    if user.has_perm("structures.view_small_groups"):
        return 1
    return settings.AVS_MIN_GROUP_SIZE


def shown(value, count, smallest):
    """``value``, or WITHHELD when it is made of fewer than ``smallest`` structures (``count``). A figure made of
    no structure at all (an empty group's 0 €) describes nobody: it is shown."""
    if value is None or count >= smallest or count == 0:
        return value
    return WITHHELD


def is_withheld(value):
    return isinstance(value, Withheld)
