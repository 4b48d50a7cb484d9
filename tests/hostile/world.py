"""One small world where every form of the project can be opened, and the invariants checked after a post."""

import datetime
from decimal import Decimal

from django.apps import apps
from django.db import models

from comptes import services as account_services
from comptes.enums import Role
from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import IndicatorValue
from structures.models import add_years
from tests import factories

# Models whose rows a form may write: every row must still pass full_clean() after any post.
TOUCHED = [
    "fiches.Schema",
    "fiches.Axis",
    "fiches.Orientation",
    "fiches.Fiche",
    "fiches.Action",
    "fiches.ActionUpdate",
    "fiches.ExpectedResult",
    "fiches.FicheOrganisation",
    "structures.Structure",
    "structures.Agrement",
    "structures.Funding",
    "structures.Convention",
    "indicateurs.Indicator",
    "indicateurs.IndicatorTarget",
    "indicateurs.Campaign",
    "indicateurs.IndicatorValue",
    "comptes.Invitation",
]


def build_world():
    schema = factories.SchemaFactory(slug="hostile", first_year=2022, last_year=2026)
    admin = factories.AdminFactory(email="admin@hostile.fr")
    conseiller = factories.ConseillerFactory(email="conseiller@hostile.fr", schemas=[schema])
    structure = factories.StructureFactory(name="Centre social A")
    directeur = factories.DirecteurFactory(email="directeur@hostile.fr", structures=[structure])
    axis = factories.AxisFactory(schema=schema, number=1)
    orientation = factories.OrientationFactory(axis=axis, number="1.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 1.1.1")
    fiche.followers.add(conseiller)
    action = factories.ActionFactory(fiche=fiche, number=1)
    factories.ExpectedResultFactory(fiche=fiche, order=1)
    agrement = factories.AgrementFactory(
        structure=structure, start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2026, 12, 31)
    )
    factories.FundingFactory(structure=structure)
    convention = factories.ConventionFactory(department_code="69")
    convention.structures.add(structure)
    make = factories.IndicatorFactory
    indicators = {
        "count": make(fiche=fiche, order=1, label="Nombre", kind=IndicatorKind.INTEGER),
        "percent": make(fiche=fiche, order=2, label="Taux", kind=IndicatorKind.PERCENTAGE, aggregation=Aggregation.MEAN),
        "amount": make(fiche=fiche, order=3, label="Budget", kind=IndicatorKind.AMOUNT),
        "yes_no": make(
            fiche=fiche,
            order=4,
            label="Oui ou non",
            kind=IndicatorKind.BOOLEAN,
            aggregation=Aggregation.COUNT_YES,
            comment_asked=True,
        ),
        "text": make(fiche=fiche, order=5, label="Texte", kind=IndicatorKind.TEXT, aggregation=Aggregation.NONE),
        "choice": make(
            fiche=fiche, order=6, label="Choix", kind=IndicatorKind.CHOICE, options=["A", "B"], aggregation=Aggregation.NONE
        ),
        "schema_count": make(fiche=fiche, order=7, label="Réunions", level=IndicatorLevel.SCHEMA),
        "schema_percent": make(
            fiche=fiche,
            order=8,
            label="Taux du schéma",
            level=IndicatorLevel.SCHEMA,
            kind=IndicatorKind.PERCENTAGE,
            aggregation=Aggregation.MEAN,
        ),
    }
    campaign = factories.CampaignFactory(
        schema=schema,
        year=2025,
        status=CampaignStatus.OPEN,
        opens_on=datetime.date(2026, 1, 15),
        closes_on=datetime.date(2026, 12, 15),
    )
    submitted = IndicatorValue.objects.create(
        indicator=indicators["text"], campaign=campaign, structure=structure, status=ValueStatus.SUBMITTED, text="Rien"
    )
    IndicatorValue.objects.create(
        indicator=indicators["count"], campaign=campaign, structure=structure, status=ValueStatus.DRAFT, number=Decimal(3)
    )
    invitation, token = account_services.create_invitation(
        email="invitee@hostile.fr", role=Role.PARTENAIRE, invited_by=admin, organisation=factories.OrganisationFactory()
    )
    return {
        "schema": schema,
        "admin": admin,
        "conseiller": conseiller,
        "directeur": directeur,
        "structure": structure,
        "fiche": fiche,
        "axis": axis,
        "action": action,
        "agrement": agrement,
        "convention": convention,
        "indicators": indicators,
        "campaign": campaign,
        "submitted": submitted,
        "token": token,
    }


def _text_fields(model):
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]


def check_invariants():
    """Every stored row follows its rules: its fields' validators and clean(), no NUL in text, and the domain bounds."""
    for label in TOUCHED:
        model = apps.get_model(label)
        text_fields = _text_fields(model)
        # full_clean() without its per-row queries (foreign keys exist, constraints are the database's own).
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in model._default_manager.all():
            obj.clean_fields(exclude=relations)
            obj.clean()
            for name in text_fields:
                assert "\x00" not in (getattr(obj, name) or ""), f"NUL stored in {label}.{name}"
    ActionUpdate = apps.get_model("fiches.ActionUpdate")
    assert not ActionUpdate.objects.exclude(progress__range=(0, 100)).exists()
    Action = apps.get_model("fiches.Action")
    assert not Action.objects.exclude(progress__range=(0, 100)).exists()
    assert not apps.get_model("structures.Funding").objects.filter(amount__lt=0).exists()
    for agrement in apps.get_model("structures.Agrement").objects.all():
        assert agrement.start_date < agrement.end_date < add_years(agrement.start_date, 4)
    assert not IndicatorValue.objects.filter(number__lt=0).exists()
    assert not IndicatorValue.objects.filter(indicator__kind=IndicatorKind.PERCENTAGE, number__gt=100).exists()
