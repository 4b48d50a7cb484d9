"""Statistical secrecy: partners read no group figure made of fewer than AVS_MIN_GROUP_SIZE structures; the
Caf reads every figure. A marker value, one structure's budget, must not reach a partner's page or PDF."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.secrecy import WITHHELD
from indicateurs.enums import Aggregation, IndicatorKind, IndicatorLevel, ValueStatus
from structures.enums import OrganisationKind, StructureKind
from tests import factories

from .conftest import client_for

MARKER = "987654"  # 987 654 €: the budget of the only EVS, alone in its EPCI
SECRET = "secret statistique (moins de 3 structures)"


@pytest.fixture
def lonely(schema, structure_a):
    """Structure A in the Métropole de Lyon, and an EVS alone in the Monts du Lyonnais whose budget is the
    marker, as a funding and as the value of a per-structure indicator."""
    # A code CommuneFactory's sequence (69000-69999) never makes: its get_or_create cannot hand back another commune.
    commune = factories.CommuneFactory(
        insee_code="69A27", epci_code="200066587", epci_name="CC des Monts du Lyonnais", epci_kind="CC"
    )
    evs = factories.StructureFactory(name="EVS des Monts", kind=StructureKind.EVS, commune=commune)
    caf = factories.OrganisationFactory(name="Caf du Rhône", kind=OrganisationKind.CAF)
    for structure, amount in ((structure_a, 1000), (evs, 987654)):
        factories.AgrementFactory(structure=structure, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2027, 12, 31))
        factories.FundingFactory(structure=structure, funder=caf, year=2025, amount=amount)
    fiche = factories.FicheFactory(orientation=factories.OrientationFactory(axis=factories.AxisFactory(schema=schema)))
    budget = factories.IndicatorFactory(
        fiche=fiche, label="Budget annuel", kind=IndicatorKind.AMOUNT, level=IndicatorLevel.STRUCTURE, aggregation=Aggregation.SUM
    )
    campaign = factories.CampaignFactory(schema=schema, year=2025)
    for structure, amount in ((structure_a, 1000), (evs, 987654)):
        factories.IndicatorValueFactory(
            indicator=budget, campaign=campaign, structure=structure, number=amount, status=ValueStatus.VALIDATED
        )
    return {"schema": schema, "indicator": budget}


def digits(text):
    """The text with the spaces French numbers hold removed: « 987 654 € » → « 987654€ »."""
    return re.sub(r"[\s\u00a0\u202f]", "", text)


def page_text(user, url_name, schema):
    response = client_for(user).get(reverse(url_name, args=[schema.pk]), {"annee": 2025})
    assert response.status_code == 200
    return response, response.content.decode()


def pdf_text(user, schema):
    response = client_for(user).get(reverse("rapports:annual_report_pdf", args=[schema.pk, 2025]))
    assert response.status_code == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_partner_indicators_dashboard_withholds_small_groups(lonely, partenaire):
    response, content = page_text(partenaire, "rapports:indicators_dashboard", lonely["schema"])

    assert MARKER not in digits(content)
    assert SECRET in content
    item = next(i for i in response.context["items"] if i["series"].indicator == lonely["indicator"])
    assert item["by_epci"] == [("CC des Monts du Lyonnais", WITHHELD), ("Métropole de Lyon", WITHHELD)]
    assert item["by_kind"] == [("Centre social", WITHHELD), ("Espace de vie sociale", WITHHELD)]
    # The département's figure is made of two structures' values: withheld too.
    assert item["series"].values == {2025: WITHHELD}


def test_conseiller_indicators_dashboard_shows_every_group(lonely, conseiller):
    response, content = page_text(conseiller, "rapports:indicators_dashboard", lonely["schema"])

    assert MARKER in digits(content)
    assert SECRET not in content
    item = next(i for i in response.context["items"] if i["series"].indicator == lonely["indicator"])
    assert item["by_epci"] == [("CC des Monts du Lyonnais", 987654), ("Métropole de Lyon", 1000)]
    assert item["series"].values == {2025: 988654}


def test_partner_structures_dashboard_withholds_small_budgets(lonely, partenaire):
    response, content = page_text(partenaire, "rapports:structures_dashboard", lonely["schema"])

    assert MARKER not in digits(content)
    figures = response.context["figures"]
    assert (figures["budget"], figures["budget_evs"], figures["caf_share"]) == (WITHHELD, WITHHELD, WITHHELD)
    assert figures["by_kind"] == [("Centre social", 1), ("Espace de vie sociale", 1)]  # counts are no secret
    budgets = {year: rest for year, *rest in response.context["budgets"]}
    assert budgets[2025] == [WITHHELD, WITHHELD, WITHHELD]
    assert SECRET in content


def test_conseiller_structures_dashboard_shows_the_budgets(lonely, conseiller):
    response, content = page_text(conseiller, "rapports:structures_dashboard", lonely["schema"])

    assert MARKER in digits(content)
    assert (response.context["figures"]["budget"], response.context["figures"]["budget_evs"]) == (988654, 987654)


def test_partner_bilan_withholds_small_groups(lonely, partenaire, conseiller):
    partner_text = pdf_text(partenaire, lonely["schema"])
    caf_text = pdf_text(conseiller, lonely["schema"])  # cached apart: each reader gets their own bilan

    assert MARKER not in digits(partner_text)
    assert digits(SECRET) in digits(partner_text)
    assert MARKER in digits(caf_text)
    assert MARKER not in digits(pdf_text(partenaire, lonely["schema"]))  # from the cache, still the partner's


def test_the_threshold_is_a_setting(lonely, partenaire, settings):
    settings.AVS_MIN_GROUP_SIZE = 1

    _, content = page_text(partenaire, "rapports:indicators_dashboard", lonely["schema"])

    assert MARKER in digits(content)


def test_groups_of_enough_structures_are_shown_to_partners(lonely, partenaire, structure_b):
    # Structures B and C join A in the Métropole de Lyon: three values make that EPCI's figure.
    third = factories.StructureFactory(name="Centre social C", commune=structure_b.commune)
    campaign = lonely["indicator"].fiche.schema.campaigns.get()
    for structure, amount in ((structure_b, 2000), (third, 3000)):
        factories.IndicatorValueFactory(
            indicator=lonely["indicator"], campaign=campaign, structure=structure, number=amount, status=ValueStatus.VALIDATED
        )

    response, content = page_text(partenaire, "rapports:indicators_dashboard", lonely["schema"])

    item = next(i for i in response.context["items"] if i["series"].indicator == lonely["indicator"])
    assert item["by_epci"] == [("CC des Monts du Lyonnais", WITHHELD), ("Métropole de Lyon", 6000)]
    assert item["series"].values == {2025: 993654}
    assert MARKER not in digits(content)
