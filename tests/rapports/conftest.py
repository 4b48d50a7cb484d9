"""A small schéma with everything the reports show: actions with history, indicators with values and
targets over two campaigns, structures with agréments and fundings."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from structures.enums import OrganisationKind, StructureKind
from tests import factories
from tests.worlds import EVERY_ROLE, cast

XSS_COMMENT = "Bilan d'étape : <script>alert(1)</script> et <b>gras</b> ; à suivre !"


def add_update(action, *, status, progress, comment="", date=datetime.date(2025, 10, 1), author=None):
    update = ActionUpdate.objects.create(
        action=action, status=status, progress=progress, comment=comment, date=date, author=author
    )
    action.status, action.progress, action.last_update = status, progress, update
    action.save()
    return update


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(schema, structure_a, structure_b, conseiller):
    axis = factories.AxisFactory(schema=schema, number=2, title="Confirmer la fonction de développement des liens sociaux")
    orientation = factories.OrientationFactory(
        axis=axis, number="2.1", title="Accompagner les structures dans la construction de processus de cohésion sociale"
    )
    fiche = factories.FicheFactory(
        orientation=orientation,
        code="PA 2.1.2",
        title="Promouvoir les expérimentations favorisant l'ouverture à l'autre",
        diagnostic="Des habitants très différents partagent les mêmes rues.",
        publics="Centres sociaux et espaces de vie sociale du Rhône",
    )
    factories.ExpectedResultFactory(fiche=fiche, text="Émergence de nouveaux projets expérimentaux")
    pilot = factories.OrganisationFactory(name="Caf du Rhône", kind=OrganisationKind.CAF)
    factories.FicheOrganisationFactory(fiche=fiche, organisation=pilot, detail="dans le cadre de l'accompagnement")
    action_1 = factories.ActionFactory(
        fiche=fiche, number=1, text="Soutenir les expériences innovantes", first_year=2023, last_year=2026
    )
    action_2 = factories.ActionFactory(
        fiche=fiche, number=2, text="Organiser des temps de partage d'expériences", first_year=2022, last_year=2024
    )
    add_update(action_1, status=ActionStatus.EN_COURS, progress=30, comment="Premier point", date=datetime.date(2025, 3, 1))
    add_update(action_1, status=ActionStatus.EN_COURS, progress=65, comment=XSS_COMMENT, author=conseiller)
    add_update(action_2, status=ActionStatus.EN_COURS, progress=40, comment="Rencontres reportées")
    indicator = factories.IndicatorFactory(
        fiche=fiche,
        label="Nombre de projets expérimentaux menés",
        kind=IndicatorKind.INTEGER,
        level=IndicatorLevel.STRUCTURE,
        aggregation=Aggregation.SUM,
    )
    share = factories.IndicatorFactory(
        fiche=fiche,
        label="Utilisez-vous les données SENACS ?",
        kind=IndicatorKind.BOOLEAN,
        aggregation=Aggregation.SHARE_YES,
        order=1,
    )
    indicator.targets.create(year=2024, value=4)
    indicator.targets.create(year=2025, value=9)
    campaign_2024 = factories.CampaignFactory(schema=schema, year=2024, status=CampaignStatus.CLOSED)
    campaign_2025 = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.CLOSED)
    for campaign, structure, number, status in (
        (campaign_2024, structure_a, 2, ValueStatus.VALIDATED),
        (campaign_2025, structure_a, 3, ValueStatus.VALIDATED),
        (campaign_2025, structure_b, 4, ValueStatus.SUBMITTED),
    ):
        factories.IndicatorValueFactory(indicator=indicator, campaign=campaign, structure=structure, number=number, status=status)
    factories.IndicatorValueFactory(
        indicator=share, campaign=campaign_2025, structure=structure_a, number=None, boolean=True, status=ValueStatus.VALIDATED
    )
    factories.IndicatorValueFactory(
        indicator=share, campaign=campaign_2025, structure=structure_b, number=None, boolean=False, status=ValueStatus.SUBMITTED
    )
    structure_b.kind = StructureKind.EVS
    structure_b.save()
    today = datetime.date.today()
    factories.AgrementFactory(
        structure=structure_a, start_date=today - datetime.timedelta(days=900), end_date=today + datetime.timedelta(days=100)
    )
    factories.AgrementFactory(
        structure=structure_b,
        kind="animation_locale",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    commune_funder = factories.OrganisationFactory(name="Ville de Lyon", kind=OrganisationKind.COMMUNE)
    factories.FundingFactory(structure=structure_a, funder=pilot, year=2025, amount=70000)
    factories.FundingFactory(structure=structure_a, funder=commune_funder, year=2025, amount=20000)
    factories.FundingFactory(structure=structure_b, funder=commune_funder, year=2025, amount=10000)
    factories.FundingFactory(structure=structure_a, funder=pilot, year=2024, amount=60000)
    return {"schema": schema, "fiche": fiche, "actions": [action_1, action_2], "indicator": indicator, "share": share}


people = cast(**EVERY_ROLE, anonymous=None)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
