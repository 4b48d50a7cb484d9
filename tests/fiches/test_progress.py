import datetime

import pytest

from fiches.enums import ActionStatus
from fiches.models import Action, ActionUpdate
from fiches.progress import fiche_progress, progress_of, schema_tree
from fiches.services import record_update
from tests import factories


def test_record_update_sets_current_state(action, conseiller):
    update = record_update(
        action=action,
        author=conseiller,
        status=ActionStatus.EN_COURS,
        progress=40,
        comment="Deux projets lancés",
        date=datetime.date(2025, 3, 1),
    )
    action.refresh_from_db()
    assert (action.status, action.progress, action.last_update) == (ActionStatus.EN_COURS, 40, update)
    assert action.version == 2
    assert list(action.updates.values_list("progress", flat=True)) == [40]


def test_record_update_backdated_keeps_current_state(action, conseiller):
    newest = record_update(
        action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=60, date=datetime.date(2025, 6, 1)
    )
    record_update(action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=10, date=datetime.date(2024, 1, 1))
    action.refresh_from_db()
    assert (action.status, action.progress, action.last_update) == (ActionStatus.EN_COURS, 60, newest)
    assert action.updates.count() == 2


def test_record_update_same_day_later_wins(action, conseiller):
    record_update(action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=20, date=datetime.date(2025, 6, 1))
    second = record_update(
        action=action, author=conseiller, status=ActionStatus.REALISEE, progress=100, date=datetime.date(2025, 6, 1)
    )
    action.refresh_from_db()
    assert action.last_update == second
    assert action.status == ActionStatus.REALISEE


def test_action_update_history_refuses_rewrite(action, conseiller):
    update = record_update(action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=20)
    update.progress = 90
    with pytest.raises(ValueError):
        update.save()
    assert ActionUpdate.objects.get(pk=update.pk).progress == 20


def test_late_rule_past_echeance_not_closed(fiche):
    late = factories.ActionFactory(fiche=fiche, number=1, first_year=2022, last_year=2023, status=ActionStatus.EN_COURS)
    factories.ActionFactory(fiche=fiche, number=2, first_year=2022, last_year=2023, status=ActionStatus.REALISEE)
    factories.ActionFactory(fiche=fiche, number=3, first_year=2022, last_year=2023, status=ActionStatus.ABANDONNEE)
    factories.ActionFactory(fiche=fiche, number=4, first_year=2022, last_year=2026, status=ActionStatus.A_VENIR)
    assert list(Action.objects.late(year=2025)) == [late]
    assert [action.number for action in Action.objects.all() if action.is_late] == [1]


def test_progress_is_the_mean_of_the_actions_rounded_half_up():
    # 67.5 reads 68, as a reader rounds (Python's round would give the even 68 here, but 66 for 66.5).
    assert progress_of([Action(progress=65), Action(progress=70)]) == 68
    assert progress_of([Action(progress=66), Action(progress=67)]) == 67
    assert progress_of([]) is None


def test_roll_up_fiche_orientation_axis(schema):
    axis = factories.AxisFactory(schema=schema, number=1)
    orientation = factories.OrientationFactory(axis=axis, number="1.1")
    fiche_a = factories.FicheFactory(orientation=orientation, code="PA 1.1.1")
    fiche_b = factories.FicheFactory(orientation=orientation, code="PA 1.1.2")
    factories.FicheFactory(orientation=orientation, code="PA 1.1.3")  # no action: left out of the means
    factories.ActionFactory(fiche=fiche_a, number=1, progress=20)
    factories.ActionFactory(fiche=fiche_a, number=2, progress=60)
    factories.ActionFactory(fiche=fiche_b, number=1, progress=100)
    assert fiche_progress(fiche_a) == 40
    tree = schema_tree(schema.axes.prefetch_related("orientations__fiches__actions"))
    assert [node.progress for node in tree[0].orientations[0].fiches] == [40, 100, None]
    # Every action weighs the same: (20 + 60 + 100) / 3, not the mean of the fiches' 40 and 100.
    assert tree[0].orientations[0].progress == 60
    assert tree[0].progress == 60
