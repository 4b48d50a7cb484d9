"""The permissions of fiches/rules.py, object by object."""

import pytest

from tests import factories

ROLES = ["admin", "conseiller", "other_conseiller", "directeur_a", "directeur_b", "partenaire"]


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("fiches.add_action_update", {"admin", "conseiller"}),
        ("fiches.change_fiche", {"admin"}),
        ("fiches.export_actions", {"admin", "conseiller", "directeur_a", "partenaire"}),
        ("fiches.import_action_updates", {"admin", "conseiller"}),
        ("fiches.add_fiche", {"admin"}),
        ("fiches.import_fiches", {"admin", "conseiller"}),
    ],
)
def test_fiches_perms_by_role(people, schema, action, perm, allowed):
    obj = {
        "fiches.add_action_update": action,
        "fiches.change_fiche": action.fiche,
    }.get(perm, schema)
    assert {role for role in ROLES if people[role].has_perm(perm, obj)} == allowed


def test_change_fiche_conseiller_who_follows(people, fiche):
    fiche.followers.add(people["conseiller"], people["other_conseiller"])
    # Following a fiche of a schéma that is not theirs gives nothing.
    assert [role for role in ROLES if people[role].has_perm("fiches.change_fiche", fiche)] == ["admin", "conseiller"]


def test_inactive_conseiller_may_not_update(people, action):
    conseiller = people["conseiller"]
    conseiller.is_active = False
    conseiller.save()
    assert not conseiller.has_perm("fiches.add_action_update", action)


def test_model_level_add_action_update(people):
    assert [role for role in ROLES if people[role].has_perm("fiches.add_action_update")] == [
        "admin",
        "conseiller",
        "other_conseiller",
    ]


def test_follower_of_other_fiche_may_not_edit(people, fiche):
    other = factories.FicheFactory(orientation=fiche.orientation, code="PA 2.1.5")
    other.followers.add(people["conseiller"])
    assert people["conseiller"].has_perm("fiches.change_fiche", other)
    assert not people["conseiller"].has_perm("fiches.change_fiche", fiche)
