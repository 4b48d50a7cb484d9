"""Roll-up of progress, in one place: fiche → orientation → axe.

- a fiche's progress is the mean of its actions' current percentages (None without actions);
- an orientation's progress is the mean of its fiches' progress, an axe's the mean of its fiches' too
  (fiches without actions are left out of the means).

The functions read objects already loaded (prefetched), so a page computes every figure of a schéma
without another query. Whether an action is late is ``Action.is_late`` / ``ActionQuerySet.late``.
"""

from collections import Counter
from dataclasses import dataclass, field

from .enums import ActionStatus


def mean(values):
    values = [value for value in values if value is not None]
    if not values:
        return None
    return sum(values) / len(values)


def fiche_progress(fiche):
    return mean(action.progress for action in fiche.actions.all())


@dataclass
class FicheNode:
    fiche: object
    progress: float | None
    actions: list
    status_counts: list  # [(label, status value, count)] in the order of ActionStatus


@dataclass
class OrientationNode:
    orientation: object
    fiches: list = field(default_factory=list)

    @property
    def progress(self):
        return mean(node.progress for node in self.fiches)


@dataclass
class AxisNode:
    axis: object
    orientations: list = field(default_factory=list)

    @property
    def fiches(self):
        return [node for orientation in self.orientations for node in orientation.fiches]

    @property
    def progress(self):
        return mean(node.progress for node in self.fiches)


def status_counts(actions):
    counts = Counter(action.status for action in actions)
    return [(status.label, status.value, counts[status.value]) for status in ActionStatus if counts[status.value]]


def fiche_node(fiche):
    actions = list(fiche.actions.all())
    return FicheNode(fiche=fiche, progress=fiche_progress(fiche), actions=actions, status_counts=status_counts(actions))


def schema_tree(axes):
    """AxisNodes for axes loaded with ``orientations`` and their ``fiches`` (with_page_data) prefetched."""
    tree = []
    for axis in axes:
        axis_node = AxisNode(axis=axis)
        for orientation in axis.orientations.all():
            axis_node.orientations.append(
                OrientationNode(orientation=orientation, fiches=[fiche_node(fiche) for fiche in orientation.fiches.all()])
            )
        tree.append(axis_node)
    return tree
