"""The governance world: a Rhône comité de pilotage whose member is the Métropole, a meeting whose minutes
carry a marker, two decisions on actions (one late), and the people who may and may not read them."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gouvernance.enums import DecisionStatus, InstanceKind
from gouvernance.models import Decision, Instance, Meeting
from tests import factories

MINUTES_MARKER = "Compte rendu confidentiel CR-7731"
LATE_TEXT = "Lancer l'appel à projets expérimentaux DEC-LATE"
ON_TIME_TEXT = "Présenter le bilan des expérimentations DEC-ONTIME"


@pytest.fixture
def gov(db, schema, schema_94, admin_user, conseiller, conseiller_94, directeur_a, partenaire):
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=2), number="2.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.2", title="Promouvoir les expérimentations")
    other_fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.3", title="Autre fiche")
    fiche.followers.add(conseiller)
    action_1 = factories.ActionFactory(fiche=fiche, number=1, first_year=2023, last_year=2026)
    action_2 = factories.ActionFactory(fiche=fiche, number=2, first_year=2023, last_year=2026)
    metropole = partenaire.organisation
    msa = factories.OrganisationFactory(name="MSA Ain-Rhône")
    caf = factories.OrganisationFactory(name="Caf du Rhône")
    outsider = factories.PartenaireFactory(email="msa@exemple.fr", organisation=msa)

    instance = Instance.objects.create(schema=schema, kind=InstanceKind.COPIL, name="Comité de pilotage du SDAVS")
    instance.members.set([metropole, caf])
    meeting = Meeting.objects.create(
        body=instance,
        date=datetime.date(2025, 3, 14),
        place="Caf du Rhône, Lyon",
        agenda="Point d'étape des fiches",
        minutes=MINUTES_MARKER,
    )
    meeting.attendees.set([metropole, caf])
    late = Decision.objects.create(
        meeting=meeting,
        text=LATE_TEXT,
        carrier=caf,
        carrier_person=conseiller,
        due_date=datetime.date(2025, 9, 30),
        status=DecisionStatus.EN_COURS,
    )
    late.actions.set([action_1])
    on_time = Decision.objects.create(
        meeting=meeting, text=ON_TIME_TEXT, carrier=metropole, due_date=timezone.localdate() + datetime.timedelta(days=200)
    )
    on_time.actions.set([action_2])
    on_time.fiches.set([fiche])
    return SimpleNamespace(
        schema=schema,
        schema_94=schema_94,
        fiche=fiche,
        other_fiche=other_fiche,
        action_1=action_1,
        action_2=action_2,
        instance=instance,
        meeting=meeting,
        late=late,
        on_time=on_time,
        metropole=metropole,
        caf=caf,
        msa=msa,
        users={
            "admin": admin_user,
            "conseiller": conseiller,
            "conseiller_94": conseiller_94,
            "partenaire": partenaire,
            "outsider": outsider,
            "directeur": directeur_a,
        },
    )
