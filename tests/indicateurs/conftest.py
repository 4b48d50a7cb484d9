import datetime
from decimal import Decimal

import pytest

from indicateurs.enums import Aggregation, CampaignStatus, ComputedSource, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import IndicatorValue
from tests import factories
from tests.worlds import EVERY_ROLE, cast


@pytest.fixture
def fiche(schema):
    axis = factories.AxisFactory(schema=schema, number=1, title="Structurer le maillage")
    orientation = factories.OrientationFactory(axis=axis, number="1.1")
    return factories.FicheFactory(orientation=orientation, code="PA 1.1.1", title="Développer l'offre")


@pytest.fixture
def indicators(fiche):
    """One per-structure indicator of each kind, a schéma-wide one and a computed one, by short name."""
    make = factories.IndicatorFactory
    return {
        "count": make(fiche=fiche, order=1, label="Nombre de projets", kind=IndicatorKind.INTEGER),
        "percent": make(
            fiche=fiche, order=2, label="Taux d'adhésion", kind=IndicatorKind.PERCENTAGE, aggregation=Aggregation.MEAN
        ),
        "amount": make(fiche=fiche, order=3, label="Budget", kind=IndicatorKind.AMOUNT),
        "yes_no": make(
            fiche=fiche,
            order=4,
            label="Participe à la veille sociale",
            kind=IndicatorKind.BOOLEAN,
            aggregation=Aggregation.COUNT_YES,
            comment_asked=True,
        ),
        "text": make(fiche=fiche, order=5, label="Actions de formation", kind=IndicatorKind.TEXT, aggregation=Aggregation.NONE),
        "choice": make(
            fiche=fiche,
            order=6,
            label="Principal financeur",
            kind=IndicatorKind.CHOICE,
            options=["Commune", "Métropole", "Autre"],
            aggregation=Aggregation.NONE,
        ),
        "schema_wide": make(fiche=fiche, order=7, label="Réunions du comité", level=IndicatorLevel.SCHEMA),
        "computed": make(
            fiche=fiche,
            order=8,
            label="Conventions tripartites",
            level=IndicatorLevel.SCHEMA,
            computed_source=ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED,
        ),
    }


@pytest.fixture
def campaign(schema):
    return factories.CampaignFactory(
        schema=schema,
        year=2025,
        status=CampaignStatus.OPEN,
        opens_on=datetime.date(2026, 1, 15),
        closes_on=datetime.date(2026, 12, 15),
    )


users = cast(**EVERY_ROLE)


COMPLETE_POST = {
    "count": "12",
    "percent": "45,5",
    "amount": "12 500",
    "yes_no": "oui",
    "text": "Deux journées de formation.",
    "choice": "Commune",
}


def post_data(indicators, **values):
    """Form data of the entry page from short names: ``post_data(indicators, count="3")``."""
    data = {}
    for name, raw in values.items():
        data[f"valeur-{indicators[name].pk}"] = raw
    return data


def stored_versions(campaign, structure):
    """The hidden ``version-<indicator>`` fields the entry page posts for the values already stored."""
    return {
        f"version-{value.indicator_id}": value.version
        for value in IndicatorValue.objects.filter(campaign=campaign, structure=structure)
    }


def complete_data(indicators, **overrides):
    return post_data(indicators, **{**COMPLETE_POST, **overrides})


def make_values(campaign, structure, indicators, status=ValueStatus.SUBMITTED, **fields_by_name):
    """Store a full entry (every per-structure indicator) with ``status``."""
    defaults = {
        "count": {"number": Decimal(12)},
        "percent": {"number": Decimal("45.5")},
        "amount": {"number": Decimal(12500)},
        "yes_no": {"boolean": True, "comment": "Oui, chaque mois."},
        "text": {"text": "Deux journées de formation."},
        "choice": {"text": "Commune"},
    }
    values = []
    for name, fields in defaults.items():
        fields = {**fields, **fields_by_name.get(name, {})}
        values.append(
            IndicatorValue.objects.create(
                indicator=indicators[name], campaign=campaign, structure=structure, status=status, **fields
            )
        )
    return values


# A campaign expects the structures whose agrément is in force during its year (indicateurs/completeness.py):
# the structures of these tests hold one from 2024 to 2027 (its end not yet within the reminders' twelve months).
@pytest.fixture
def structure_a(structure_a):
    return agreed(structure_a)


@pytest.fixture
def structure_b(structure_b):
    return agreed(structure_b)


def agreed(structure):
    factories.AgrementFactory(structure=structure, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2027, 12, 31))
    return structure
