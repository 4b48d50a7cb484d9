"""The indicators dashboard's breakdowns by type of structure and by EPCI follow the results page's rules."""

from decimal import Decimal

from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, ValueStatus
from rapports.indicator_figures import breakdowns
from structures.enums import StructureKind
from tests import factories


def test_breakdowns_combine_groups_by_the_indicator_rule(db):
    schema = factories.SchemaFactory(department_code="69")
    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.OPEN)
    lyon = factories.CommuneFactory(insee_code="69123", epci_name="Métropole de Lyon")
    villefranche = factories.CommuneFactory(insee_code="69264", epci_name="CA Villefranche Beaujolais Saône")
    structures = [
        factories.StructureFactory(kind=StructureKind.CENTRE_SOCIAL, commune=lyon),
        factories.StructureFactory(kind=StructureKind.CENTRE_SOCIAL, commune=villefranche),
        factories.StructureFactory(kind=StructureKind.EVS, commune=lyon),
        factories.StructureFactory(kind=StructureKind.EVS, commune=lyon),  # never answers
    ]
    mean = factories.IndicatorFactory(fiche=fiche, aggregation=Aggregation.MEAN)
    answered = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.BOOLEAN, aggregation=Aggregation.SHARE_ANSWERED)
    share_yes = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.BOOLEAN, aggregation=Aggregation.SHARE_YES)
    for structure, number in zip(structures[:3], (10, 20, 6), strict=True):
        factories.IndicatorValueFactory(
            indicator=mean, campaign=campaign, structure=structure, number=number, status=ValueStatus.VALIDATED
        )
        factories.IndicatorValueFactory(
            indicator=answered, campaign=campaign, structure=structure, number=None, boolean=True, status=ValueStatus.SUBMITTED
        )
    for structure, yes in zip(structures[:3], (True, False, True), strict=True):
        factories.IndicatorValueFactory(
            indicator=share_yes, campaign=campaign, structure=structure, number=None, boolean=yes, status=ValueStatus.SUBMITTED
        )
    # A draft does not count.
    factories.IndicatorValueFactory(indicator=mean, campaign=campaign, structure=structures[3], number=1000)

    by_kind, by_epci = breakdowns(schema, 2025, indicators=[mean, answered, share_yes])

    assert by_kind[mean.pk] == [("Centre social", Decimal("15.00")), ("Espace de vie sociale", Decimal("6.00"))]
    assert by_epci[mean.pk] == [("CA Villefranche Beaujolais Saône", Decimal("20.00")), ("Métropole de Lyon", Decimal("8.00"))]
    # Answered: both centres sociaux (2 of 2); one EVS of two; in Lyon two of three structures.
    assert by_kind[answered.pk] == [("Centre social", Decimal("100.00")), ("Espace de vie sociale", Decimal("50.00"))]
    assert by_epci[answered.pk][1] == ("Métropole de Lyon", Decimal("66.67"))
    # Share of "oui" among those who answered yes or no: Lyon has one centre social (oui) and one EVS (oui).
    assert by_epci[share_yes.pk] == [
        ("CA Villefranche Beaujolais Saône", Decimal("0.00")),
        ("Métropole de Lyon", Decimal("100.00")),
    ]
