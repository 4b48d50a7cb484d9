"""Statistical secrecy reaches the answers of yes/no and choice indicators: a partner does not read the counts
of oui and non, the distribution of the choices nor the gap to a target when fewer than AVS_MIN_GROUP_SIZE
structures answered (two answers of two structures tell each one's answer); the Caf reads them always."""

import html
import re

import pytest
from django.urls import reverse

from indicateurs.enums import Aggregation, CampaignStatus, IndicatorKind, ValueStatus
from tests import factories

from .conftest import client_for

VALIDATED = ValueStatus.VALIDATED
SECRET = "secret statistique (moins de 3 structures)"


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.AVS_MIN_GROUP_SIZE = 3


@pytest.fixture
def answered_by(schema):
    """A yes/no, a choice and a share-of-oui indicator (with a target) answered in 2025 by ``n`` structures:
    the first says oui and Mensuelle, the others non and Annuelle."""

    def build(n):
        fiche = factories.FicheFactory(orientation=factories.OrientationFactory(axis=factories.AxisFactory(schema=schema)))
        campaign = factories.CampaignFactory(schema=schema, year=2025, status=CampaignStatus.CLOSED)
        yes_no = factories.IndicatorFactory(
            fiche=fiche, label="Avez-vous un comité d'usagers ?", kind=IndicatorKind.BOOLEAN, aggregation=Aggregation.NONE
        )
        choice = factories.IndicatorFactory(
            fiche=fiche,
            label="Fréquence des comités",
            kind=IndicatorKind.CHOICE,
            aggregation=Aggregation.NONE,
            options=["Mensuelle", "Annuelle"],
            order=1,
        )
        share = factories.IndicatorFactory(
            fiche=fiche, label="Utilisez-vous SENACS ?", kind=IndicatorKind.BOOLEAN, aggregation=Aggregation.SHARE_YES, order=2
        )
        share.targets.create(year=2025, value=80)
        for i in range(n):
            structure = factories.StructureFactory(name=f"Centre social {i + 1}")
            first = i == 0
            for indicator, fields in (
                (yes_no, {"boolean": first}),
                (choice, {"text": "Mensuelle" if first else "Annuelle"}),
                (share, {"boolean": first}),
            ):
                factories.IndicatorValueFactory(
                    indicator=indicator, campaign=campaign, structure=structure, number=None, status=VALIDATED, **fields
                )
        return {"yes_no": yes_no, "choice": choice, "share": share}

    return build


def answers_table(user, schema, indicator):
    """The text of each row of ``indicator``'s answers table, read in its own section of the indicators
    dashboard (from its <h3 id="ind-<pk>"> to the next indicator's heading), not wherever its label first appears."""
    response = client_for(user).get(reverse("rapports:indicators_dashboard", args=[schema.pk]), {"annee": 2025})
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index(f'id="ind-{indicator.pk}"')
    end = content.find("<h3", start)
    section = content[start : end if end != -1 else len(content)]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).replace("\xa0", " ").split()) for row in rows]


def test_partner_reads_no_counts_answered_by_two_structures(schema, answered_by, partenaire):
    indicators = answered_by(2)

    assert answers_table(partenaire, schema, indicators["yes_no"]) == [f"2025 {SECRET}"]
    assert answers_table(partenaire, schema, indicators["choice"]) == [f"2025 {SECRET}"]
    # Value, target, gap, oui / non: only the target, the Caf's own figure, is written.
    assert answers_table(partenaire, schema, indicators["share"]) == [f"2025 {SECRET} 80 % — —"]


def test_partner_reads_the_counts_answered_by_three_structures(schema, answered_by, partenaire):
    indicators = answered_by(3)

    assert answers_table(partenaire, schema, indicators["yes_no"]) == ["2025 1 2 33,3 %"]
    assert answers_table(partenaire, schema, indicators["choice"]) == ["2025 Annuelle 2 66,7 %", "Mensuelle 1 33,3 %"]
    assert answers_table(partenaire, schema, indicators["share"]) == ["2025 33,3 % 80,0 % −46,7 % 1 oui / 2 non"]


def test_conseiller_reads_the_counts_answered_by_two_structures(schema, answered_by, conseiller):
    indicators = answered_by(2)

    assert answers_table(conseiller, schema, indicators["yes_no"]) == ["2025 1 1 50,0 %"]
    assert answers_table(conseiller, schema, indicators["choice"]) == ["2025 Annuelle 1 50,0 %", "Mensuelle 1 50,0 %"]
    assert answers_table(conseiller, schema, indicators["share"]) == ["2025 50 % 80 % −30 % 1 oui / 1 non"]
