"""The world of the permission matrix (tests/test_permission_matrix.py): one of each object its URLs name."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from comptes import services as account_services
from comptes.enums import Role
from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from indicateurs.enums import CampaignStatus, IndicatorLevel, ValueStatus
from structures.models import Funding
from tests import factories
from tests.matrix.governance import build_governance


def build_world():
    """One Rhône schéma with everything hanging on it, its people, and the Val-de-Marne next door."""
    schema = factories.SchemaFactory(slug="matrice-rhone")
    schema_94 = factories.SchemaFactory(
        slug="matrice-vdm", department_code="94", department_name="Val-de-Marne", first_year=2016, last_year=2020
    )
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=2), number="2.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.2")
    action = factories.ActionFactory(fiche=fiche, number=1, first_year=2023, last_year=2026)
    action_update = ActionUpdate.objects.create(action=action, status=ActionStatus.EN_COURS, progress=40, comment="Démarrage")
    indicator = factories.IndicatorFactory(fiche=fiche, label="Nombre de projets expérimentaux")
    schema_indicator = factories.IndicatorFactory(fiche=fiche, label="Nombre de conventions", level=IndicatorLevel.SCHEMA)
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.OPEN)
    closed_campaign = factories.CampaignFactory(
        schema=schema,
        year=2024,
        opens_on=datetime.date(2025, 1, 15),
        closes_on=datetime.date(2025, 3, 31),
        status=CampaignStatus.CLOSED,
    )

    commune_69 = factories.CommuneFactory(insee_code="69123", name="Lyon")
    commune_94 = factories.CommuneFactory(
        insee_code="94028", name="Créteil", department_code="94", department_name="Val-de-Marne"
    )
    structure_a = factories.StructureFactory(name="Centre social A", commune=commune_69)
    structure_b = factories.StructureFactory(name="Centre social B", commune=commune_69)
    structure_c = factories.StructureFactory(name="Centre social C", commune=commune_94)
    value_a = factories.IndicatorValueFactory(
        indicator=indicator, campaign=campaign, structure=structure_a, status=ValueStatus.SUBMITTED
    )
    closed_value_a = factories.IndicatorValueFactory(
        indicator=indicator, campaign=closed_campaign, structure=structure_a, status=ValueStatus.SUBMITTED
    )
    value_schema = factories.IndicatorValueFactory(indicator=schema_indicator, campaign=campaign, structure=None, number=4)

    organisation = factories.OrganisationFactory(name="Métropole de Lyon")
    convention = factories.ConventionFactory(title="Convention tripartite A", department_code="69")
    convention.structures.add(structure_a)
    funding_a = factories.FundingFactory(structure=structure_a, funder=organisation)
    agrement = factories.AgrementFactory(structure=structure_a)
    deleted = factories.FundingFactory(structure=structure_a, funder=organisation, year=2023)
    deleted_pk = deleted.pk
    deleted.delete()
    deleted_funding_history_id = Funding.history.get(id=deleted_pk, history_type="-").history_id

    admin = factories.AdminFactory(email="admin@matrice.fr")
    conseiller = factories.ConseillerFactory(email="conseiller@matrice.fr", schemas=[schema])
    fiche.followers.add(conseiller)
    users = {
        "partner": factories.PartenaireFactory(email="partenaire@matrice.fr", organisation=organisation),
        "dir_a": factories.DirecteurFactory(email="directeur.a@matrice.fr", structures=[structure_a]),
        "dir_b": factories.DirecteurFactory(email="directeur.b@matrice.fr", structures=[structure_b]),
        "cons": conseiller,
        "cons94": factories.ConseillerFactory(email="conseiller94@matrice.fr", schemas=[schema_94]),
        "admin": admin,
    }
    _, token = account_services.create_invitation(
        email="invitee@matrice.fr", role=Role.PARTENAIRE, invited_by=admin, organisation=organisation
    )
    used, used_token = account_services.create_invitation(
        email="deja.inscrit@matrice.fr", role=Role.PARTENAIRE, invited_by=admin, organisation=organisation
    )
    used.used_at = timezone.now()
    used.save(update_fields=["used_at"])
    return SimpleNamespace(
        used_token=used_token,
        users=users,
        spare_user=factories.PartenaireFactory(email="autre.partenaire@matrice.fr"),
        schema=schema,
        schema_94=schema_94,
        fiche=fiche,
        action=action,
        action_update=action_update,
        indicator=indicator,
        campaign=campaign,
        closed_campaign=closed_campaign,
        closed_value_a=closed_value_a,
        structure_a=structure_a,
        structure_b=structure_b,
        structure_c=structure_c,
        value_a=value_a,
        value_schema=value_schema,
        funding_a=funding_a,
        organisation=organisation,
        convention=convention,
        agrement=agrement,
        deleted_funding_pk=deleted_pk,
        deleted_funding_history_id=deleted_funding_history_id,
        token=token,
        **build_governance(schema=schema, action=action, organisation=organisation),
    )
