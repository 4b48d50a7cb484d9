"""Progress of the schéma, its axes, orientations and fiches: the one rule, and the trees that carry it.

The rule: the progress of a fiche, an orientation, an axe or the whole schéma is the mean of its actions'
percentages, rounded half up to the unit (core.numbers.round_half_up); None without actions. Each action
weighs the same wherever it sits: a partner reads « 68 % » as how far the work has gone, and a fiche of one
action must not weigh as much as a fiche of ten.

Whether an action is late: ``ActionQuerySet.late`` (in the database) and ``Action.is_late`` (on an action
read, as of a year or today), one rule (fiches.models).

Two trees, with the same nodes: ``schema_tree`` from axes already loaded with their fiches and actions
(the schéma's page, today's state) and ``schema_tree_as_of`` read from the database, each action as it
stood at the end of a year (the dashboards and the bilan).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from core.numbers import round_half_up

from .enums import ActionStatus
from .models import Action, Fiche


def progress_of(actions):
    """The mean of ``actions``' percentages, rounded half up to the unit (an int); None without actions."""
    values = [action.progress for action in actions]
    if not values:
        return None
    return int(round_half_up(Decimal(sum(values)) / len(values)))


def fiche_progress(fiche):
    """The progress of ``fiche`` (its actions prefetched or read): progress_of its actions."""
    return progress_of(fiche.actions.all())


def late_actions(actions):
    """The late ones among ``actions`` read (Action.is_late), in their order."""
    return [action for action in actions if action.is_late]


def status_rows(actions):
    """[(status label, count)] in the order of ActionStatus, every status listed."""
    counts = Counter(action.status for action in actions)
    return [(label, counts.get(value, 0)) for value, label in ActionStatus.choices]


@dataclass
class FicheNode:
    fiche: object
    actions: list = field(default_factory=list)

    @property
    def progress(self):
        return progress_of(self.actions)

    @property
    def late_count(self):
        return len(late_actions(self.actions))

    @property
    def status_counts(self):
        """[(label, status value, count)] of the statuses present, in the order of ActionStatus."""
        counts = Counter(action.status for action in self.actions)
        return [(status.label, status.value, counts[status.value]) for status in ActionStatus if counts[status.value]]


class _FichesNode:
    """A node above the fiches: its actions are those of its fiches, its progress theirs."""

    @property
    def actions(self):
        return [action for node in self.fiches for action in node.actions]

    @property
    def progress(self):
        return progress_of(self.actions)


@dataclass
class OrientationNode(_FichesNode):
    orientation: object
    fiches: list = field(default_factory=list)


@dataclass
class AxisNode(_FichesNode):
    axis: object
    orientations: list = field(default_factory=list)

    @property
    def fiches(self):
        return [node for orientation in self.orientations for node in orientation.fiches]

    @property
    def status_counts(self):
        """{status value: count} of the axe's actions."""
        return Counter(action.status for action in self.actions)

    @property
    def status_rows(self):
        return status_rows(self.actions)


def tree_actions(tree):
    """Every action of a tree (a list of AxisNode), in the schéma's order."""
    return [action for axis in tree for action in axis.actions]


def tree_progress(tree):
    """The progress of the schéma a tree shows: progress_of all its actions."""
    return progress_of(tree_actions(tree))


def schema_tree(axes):
    """AxisNodes for axes loaded with ``orientations`` and their ``fiches`` (with_page_data) prefetched:
    each action in its current state."""
    tree = []
    for axis in axes:
        axis_node = AxisNode(axis=axis)
        for orientation in axis.orientations.all():
            axis_node.orientations.append(
                OrientationNode(
                    orientation=orientation,
                    fiches=[FicheNode(fiche, list(fiche.actions.all())) for fiche in orientation.fiches.all()],
                )
            )
        tree.append(axis_node)
    return tree


def schema_tree_as_of(schema, year, *, fiches=None):
    """The schéma's tree (axes → orientations → fiches → actions) with each action's state at the end of
    ``year`` (Action.state_at_end_of). ``fiches``: a queryset narrowing the fiches shown.

    Three queries: the fiches (with orientation and axe), the actions, and their latest update of ``year``
    or before (with its author). Axes and orientations without fiches are left out.
    """
    fiches = list(
        (fiches if fiches is not None else Fiche.objects.all())
        .filter(schema=schema)
        .select_related("orientation__axis")
        .order_by("orientation__axis__number", "orientation__number", "code")
    )
    actions_by_fiche = defaultdict(list)
    for action in Action.objects.filter(fiche__in=[f.pk for f in fiches]).as_of(year).order_by("fiche_id", "number"):
        actions_by_fiche[action.fiche_id].append(action.state_at_end_of(year))
    axes = {}
    for fiche in fiches:
        orientation = fiche.orientation
        axis = axes.setdefault(orientation.axis_id, AxisNode(orientation.axis))
        if not axis.orientations or axis.orientations[-1].orientation.pk != orientation.pk:
            axis.orientations.append(OrientationNode(orientation))
        node = FicheNode(fiche, actions_by_fiche.get(fiche.pk, []))
        for action in node.actions:
            action.fiche = fiche  # no query when a template reads action.fiche
        axis.orientations[-1].fiches.append(node)
    return list(axes.values())
