# ruff: noqa: F811 — the fixtures imported from tests/rapports/conftest.py are parameters of the tests.
"""Each headline figure reads the same on every page and PDF that shows it.

One small world (tests/rapports/conftest.py): a fiche of two actions (65 % and 40 %, the second late), two
structures agréées with their fundings, two campaigns. Each figure is read from the text a reader sees: the
schéma's page, the home page, the dashboards, the completeness page, "L'AVS en bref", the bilan PDF and the
partner's report PDF (its text layer, read by pypdf).
"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicateurs.enums import IndicatorLevel
from indicateurs.models import Campaign
from structures.models import Organisation
from tests import factories
from tests.rapports.conftest import _empty_cache, client_for, world  # noqa: F401 (pytest fixtures)
from tests.rapports.test_annual_report import pdf_text

pytestmark = pytest.mark.django_db


def flat(text):
    """The text with its tags out, its entities read and every kind of space as one plain space."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def page_text(user, url, **params):
    response = client_for(user).get(url, params)
    assert response.status_code == 200, url
    return flat(response.content.decode())


def pdf_flat(user, url):
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    reader, _ = pdf_text(response.content)
    return flat(" ".join(page.extract_text() for page in reader.pages))


def found(pattern, text):
    match = re.search(pattern, text)
    assert match, pattern
    return match.group(1).strip()


def test_progress_and_late_actions_agree_everywhere(world, conseiller):
    schema = world["schema"]
    this_year = timezone.localdate().year  # the schéma's page shows today's state: the dashboards of this year
    schema_page = page_text(conseiller, reverse("fiches:schema_detail", args=[schema.pk]))
    dashboard = page_text(conseiller, reverse("rapports:schema_dashboard", args=[schema.pk]), annee=this_year)
    bilan = pdf_flat(conseiller, reverse("rapports:annual_report_pdf", args=[schema.pk, this_year]))
    pilot = Organisation.objects.get(name="Caf du Rhône")
    partner = pdf_flat(conseiller, reverse("rapports:partner_report_pdf", args=[schema.pk, this_year, pilot.pk]))
    home = page_text(conseiller, reverse("home"))

    progress = {
        "schéma": found(r"Avancement du schéma : (\d+) %", schema_page),
        "tableau de bord": found(r"Avancement moyen (\d+) %", dashboard),
        "bilan": found(r"(\d+) % avancement moyen", bilan),
        "rapport partenaire": found(r"(\d+) % avancement moyen", partner),
    }
    # (65 + 40) / 2 = 52.5, rounded half up.
    assert set(progress.values()) == {"53"}, progress
    late = {
        "schéma": found(r"Actions en retard \((\d+)\)", schema_page),
        "accueil": found(r"En retard (\d+)", home),
        "bilan": found(r"(\d+) actions en retard", bilan),
        "rapport partenaire": found(r"(\d+) actions en retard", partner),
    }
    assert set(late.values()) == {"1"}, late


def test_completeness_agrees_everywhere(world, conseiller):
    schema = world["schema"]
    campaign = Campaign.objects.get(schema=schema, year=2025)
    # Neither expects a value from the structures: one opened without an agrément in 2025, one answer the Caf gives.
    factories.StructureFactory(name="Centre social sans agrément")
    factories.IndicatorFactory(fiche=world["fiche"], label="Réunions du comité", level=IndicatorLevel.SCHEMA, order=2)
    page = page_text(conseiller, reverse("indicateurs:completeness", args=[campaign.pk]))
    dashboard = page_text(conseiller, reverse("rapports:indicators_dashboard", args=[schema.pk]), annee=2025)
    bilan = pdf_flat(conseiller, reverse("rapports:annual_report_pdf", args=[schema.pk, 2025]))

    expected = {
        "complétude": found(r"sur (\d+) attendue", page),
        "tableau de bord": found(r"Valeurs attendues (\d+)", dashboard),
        "bilan": found(r"sur (\d+) attendues", bilan),
    }
    assert set(expected.values()) == {"4"}, expected
    transmitted = {
        "complétude": found(r"(\d+) valeurs? transmises? ou validées? sur", page),
        "tableau de bord": found(r"Transmises (\d+)", dashboard),
        "bilan": found(r"(\d+) valeurs transmises sur", bilan),
    }
    assert set(transmitted.values()) == {"4"}, transmitted
    rate = {
        "complétude": found(r"Taux de complétude ([\d,]+ %)", page),
        "tableau de bord": found(r"Taux de complétude ([\d,]+ %)", dashboard),
        "bilan": found(r"taux de complétude de ([\d,]+ %)", bilan),
    }
    assert set(rate.values()) == {"100,0 %"}, rate


def test_structure_counts_and_budgets_agree_everywhere(world, conseiller):
    schema = world["schema"]
    en_bref = page_text(conseiller, reverse("structures:avs_en_bref"), department_code=schema.department_code, year=2025)
    dashboard = page_text(conseiller, reverse("rapports:structures_dashboard", args=[schema.pk]), annee=2025)
    bilan = pdf_flat(conseiller, reverse("rapports:annual_report_pdf", args=[schema.pk, 2025]))

    counts = {
        "en bref": found(r"Structures (\d+) Centres? soci", en_bref),
        "tableau de bord": found(r"Structures (\d+) Centres? soci", dashboard),
        "bilan": found(r"(\d+) structures AVS", bilan),
    }
    assert set(counts.values()) == {"2"}, counts
    budgets = {
        "en bref": found(r"Budget cumulé ([\d ]+ €)", en_bref),
        "tableau de bord": found(r"Budget cumulé 2025 ([\d ]+ €)", dashboard),
        "tableau de bord, par année": found(r"2025 ([\d ]+ €) [\d ]+ € [\d,]+ %", dashboard),
        "bilan": found(r"([\d ]+ €) budget cumulé 2025", bilan),
    }
    assert set(budgets.values()) == {"100 000 €"}, budgets
    caf_share = {
        "en bref": found(r"Part de la Caf ([\d,]+ %)", en_bref),
        "tableau de bord": found(r"Part de la Caf ([\d,]+ %)", dashboard),
        "bilan": found(r"([\d,]+ %) part de la Caf", bilan),
    }
    assert set(caf_share.values()) == {"70,0 %"}, caf_share
