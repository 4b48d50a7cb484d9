"""The schéma's figures of the dashboards and of the bilan, composed from fiches.progress (the one rule of
progress and lateness)."""

from collections import Counter

from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from fiches.progress import late_actions, progress_of, tree_actions


def key_figures(axes):
    """The headline figures of a tree (fiches.progress.schema_tree_as_of): axes, fiches, actions, réalisées,
    en cours, late, progress."""
    actions = tree_actions(axes)
    counts = Counter(a.status for a in actions)
    return {
        "axes": len(axes),
        "fiches": sum(len(axis.fiches) for axis in axes),
        "actions": len(actions),
        "done": counts.get(ActionStatus.REALISEE, 0),
        "ongoing": counts.get(ActionStatus.EN_COURS, 0),
        "late": len(late_actions(actions)),
        "progress": progress_of(actions),
    }


def last_updates(schema, year, limit=10):
    """The latest progress updates dated in ``year``."""
    return list(
        ActionUpdate.objects.filter(action__fiche__schema=schema, date__year=year)
        .select_related("action__fiche", "author")
        .order_by("-date", "-created_at")[:limit]
    )
