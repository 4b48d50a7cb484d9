"""The world of the permission matrix (tests/test_permission_matrix.py): one of each object its URLs name."""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from comptes import services as account_services
from comptes.enums import Role
from fiches.enums import ActionStatus
from fiches.models import ActionUpdate
from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from structures.models import Commune, Funding
from tests import factories
from tests.matrix.governance import build_governance
from tests.matrix.markers import XSS, private


def build_world():
    """One Rhône schéma with everything hanging on it, its people, and the Val-de-Marne next door.

    Its private fields hold the markers of tests/matrix/markers.py, its typed texts hostile HTML."""
    schema = factories.SchemaFactory(slug="matrice-rhone")
    schema_94 = factories.SchemaFactory(
        slug="matrice-vdm",
        department_code="94",
        department_name="Val-de-Marne",
        first_year=2016,
        last_year=2020,
        title=f"Schéma du Val-de-Marne {private('schéma du Val-de-Marne : intitulé')}",
    )
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=2), number="2.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.2", title=XSS["fiche-titre"])
    action = factories.ActionFactory(fiche=fiche, number=1, first_year=2023, last_year=2026, text=XSS["action-texte"])
    action_update = ActionUpdate.objects.create(
        action=action,
        status=ActionStatus.EN_COURS,
        progress=40,
        comment=f"{XSS['avancement-commentaire']} {private('avancement (Rhône) : commentaire')}",
    )
    indicator = factories.IndicatorFactory(fiche=fiche, label=XSS["indicateur-libelle"], comment_asked=True)
    text_indicator = factories.IndicatorFactory(
        fiche=fiche, label="Projets racontés", kind=IndicatorKind.TEXT, aggregation=Aggregation.NONE
    )
    schema_indicator = factories.IndicatorFactory(fiche=fiche, label="Nombre de conventions", level=IndicatorLevel.SCHEMA)
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.OPEN)
    closed_campaign = factories.CampaignFactory(
        schema=schema,
        year=2024,
        opens_on=datetime.date(2025, 1, 15),
        closes_on=datetime.date(2025, 3, 31),
        status=CampaignStatus.CLOSED,
    )

    # The communes may already be there (the browser tests build this world beside the demo).
    commune_69 = Commune.objects.filter(insee_code="69123").first() or factories.CommuneFactory(insee_code="69123", name="Lyon")
    commune_94 = Commune.objects.filter(insee_code="94028").first() or factories.CommuneFactory(
        insee_code="94028", name="Créteil", department_code="94", department_name="Val-de-Marne"
    )
    structure_a = factories.StructureFactory(
        name=XSS["structure-nom"],
        commune=commune_69,
        qpv=True,
        qpv_name=XSS["structure-quartier"],
        director_name=f"{private('A : directeur ou directrice')} {XSS['structure-direction']}",
        address=private("A : adresse"),
        postal_code="69001",
        email=private("A : courriel"),
        phone=private("A : téléphone"),
        siret=private("A : SIRET"),
    )
    structure_b = factories.StructureFactory(name="Centre social B", commune=commune_69)
    structure_c = factories.StructureFactory(
        name="Centre social C", commune=commune_94, director_name=private("C : directeur ou directrice")
    )
    value_a = factories.IndicatorValueFactory(
        indicator=indicator,
        campaign=campaign,
        structure=structure_a,
        status=ValueStatus.SUBMITTED,
        comment=f"{private('valeur de A : commentaire')} {XSS['valeur-commentaire']}",
    )
    closed_value_a = factories.IndicatorValueFactory(
        indicator=indicator,
        campaign=closed_campaign,
        structure=structure_a,
        status=ValueStatus.SUBMITTED,
        comment=private("valeur de A (campagne close) : commentaire"),
    )
    factories.IndicatorValueFactory(
        indicator=text_indicator,
        campaign=campaign,
        structure=structure_b,
        status=ValueStatus.SUBMITTED,
        number=None,
        text=f"{private('valeur de B : texte')} {XSS['valeur-texte']}",
        comment=private("valeur de B : commentaire"),
    )
    value_schema = factories.IndicatorValueFactory(indicator=schema_indicator, campaign=campaign, structure=None, number=4)

    organisation = factories.OrganisationFactory(name=XSS["organisation-nom"], notes=private("organisation : notes"))
    convention = factories.ConventionFactory(
        title=XSS["convention-titre"],
        department_code="69",
        comment=private("convention : commentaire"),
    )
    convention.structures.add(structure_a)
    funding_a = factories.FundingFactory(
        structure=structure_a, funder=organisation, comment=private("financement de A : commentaire")
    )
    agrement = factories.AgrementFactory(
        structure=structure_a, comment=f"{private('agrément de A : commentaire')} {XSS['agrement-commentaire']}"
    )
    deleted = factories.FundingFactory(
        structure=structure_a, funder=organisation, year=2023, comment=private("financement supprimé : commentaire")
    )
    deleted_pk = deleted.pk
    deleted.delete()
    deleted_funding_history_id = Funding.history.get(id=deleted_pk, history_type="-").history_id

    admin = factories.AdminFactory(email="admin@matrice.fr")
    conseiller = factories.ConseillerFactory(email="conseiller@matrice.fr", schemas=[schema])
    fiche.followers.add(conseiller)
    users = {
        "partner": factories.PartenaireFactory(email="partenaire@matrice.fr", organisation=organisation),
        "dir_a": factories.DirecteurFactory(
            email="directeur.a@matrice.fr", last_name=XSS["directeur-nom"], structures=[structure_a]
        ),
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
        spare_user=factories.PartenaireFactory(email="autre.compte@matrice.fr"),
        schema=schema,
        schema_94=schema_94,
        fiche=fiche,
        axis=orientation.axis,
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


@contextmanager
def open_world(django_db_blocker):
    """The world inside a transaction rolled back at the end, with one session per role opened once (a test
    sends its role's cookie)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        open_sessions(world)
        yield world
        transaction.set_rollback(True)


def open_sessions(world):
    """``world.sessions``: role → the session key of a session opened for that role's user."""
    world.sessions = {}
    for role, user in world.users.items():
        login_client = Client()
        login_client.force_login(user)
        world.sessions[role] = login_client.cookies[settings.SESSION_COOKIE_NAME].value
