"""Counts read as whole numbers (« 12 », never « 12,00 ») and targets carry their unit."""

import html
import re

from django.urls import reverse

from indicateurs.enums import IndicatorKind
from indicateurs.models import IndicatorTarget
from tests import factories


def _cells(page):
    return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


def test_structure_file_shows_an_integer_value_without_decimals(client, admin_user, structure_a):
    count = factories.IndicatorFactory(kind=IndicatorKind.INTEGER, label="Familles accueillies", unit="familles")
    share = factories.IndicatorFactory(kind=IndicatorKind.DECIMAL, label="Heures par semaine")
    factories.IndicatorValueFactory(indicator=count, structure=structure_a, number=12)
    factories.IndicatorValueFactory(indicator=share, structure=structure_a, number="7.5", campaign__schema=count.fiche.schema)
    client.force_login(admin_user)

    cells = _cells(client.get(reverse("structures:structure_detail", args=[structure_a.pk])).content.decode())

    assert "12\xa0familles" in cells
    assert "7,50" in cells
    assert not any("12,00" in cell for cell in cells)


def test_results_show_targets_with_their_unit(client, admin_user, schema):
    campaign = factories.CampaignFactory(schema=schema, year=2025)
    fiche = factories.FicheFactory(orientation__axis__schema=schema)
    families = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.INTEGER, label="Familles", unit="familles")
    rate = factories.IndicatorFactory(fiche=fiche, kind=IndicatorKind.PERCENTAGE, label="Taux de réponse")
    IndicatorTarget.objects.create(indicator=families, year=campaign.year, value=25)
    IndicatorTarget.objects.create(indicator=rate, year=campaign.year, value=80)
    client.force_login(admin_user)

    for url in (reverse("indicateurs:results", args=[schema.pk]), reverse("indicateurs:indicator_list") + f"?schema={schema.pk}"):
        cells = _cells(client.get(url).content.decode())
        assert "25\xa0familles" in cells, (url, cells)
        assert "80\xa0%" in cells, url
