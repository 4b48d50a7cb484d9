"""Builders for the fiches tests: a logged-in client, and a dataset ten times the demo."""

import datetime

from django.utils import timezone

from fiches.enums import ActionStatus, FicheRole
from fiches.models import Action, ActionUpdate, Fiche, FicheOrganisation
from tests import factories

LOGIN_URL = "/comptes/connexion/"


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def build_big_schema(schema, *, fiches=50):
    """A schéma ten times the demo: 50 fiches, 130 actions, 440 updates (bulk_create)."""
    axes = [factories.AxisFactory(schema=schema, number=number) for number in range(1, 6)]
    orientations = [factories.OrientationFactory(axis=axis, number=f"{axis.number}.{index}") for axis in axes for index in (1, 2)]
    organisation = factories.OrganisationFactory(name="Caf du Rhône")
    fiche_objects = Fiche.objects.bulk_create(
        [
            Fiche(schema=schema, orientation=orientations[index % 10], code=f"PA {index:03d}", title=f"Fiche {index}")
            for index in range(fiches)
        ]
    )
    FicheOrganisation.objects.bulk_create(
        [FicheOrganisation(fiche=fiche, organisation=organisation, role=FicheRole.PILOT) for fiche in fiche_objects]
    )
    # 130 actions: two per fiche, three for 30 of them.
    action_objects = []
    for index, fiche in enumerate(fiche_objects):
        for number in range(1, 4 if index < 30 else 3):
            action_objects.append(
                Action(fiche=fiche, number=number, text=f"Action {number}", first_year=2022, last_year=2023 + number % 3)
            )
    action_objects = Action.objects.bulk_create(action_objects)
    author = factories.AdminFactory(email="auteur@exemple.fr")
    statuses = list(ActionStatus)
    updates = []
    now = timezone.now()
    for index, action in enumerate(action_objects):
        count = 4 if index < 50 else 3
        for step in range(count):
            status = statuses[(index + step) % 5]
            progress = {ActionStatus.REALISEE: 100, ActionStatus.A_VENIR: 0}.get(status, 20 * step + index % 7)
            updates.append(
                ActionUpdate(
                    action=action,
                    author=author,
                    date=datetime.date(2023, 1 + step, 1),
                    status=status,
                    progress=progress,
                    comment=f"Point {step}",
                    created_at=now,
                )
            )
    ActionUpdate.objects.bulk_create(updates)
    latest = {}
    for update in updates:
        latest[update.action_id] = update
    for action in action_objects:
        update = latest[action.pk]
        action.status, action.progress, action.last_update = update.status, update.progress, update
    Action.objects.bulk_update(action_objects, ["status", "progress", "last_update"])
    return fiche_objects, action_objects
