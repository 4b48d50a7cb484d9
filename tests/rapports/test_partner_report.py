"""A partner organisation downloads the bilan limited to what concerns it: the fiches it pilots, funds or
takes part in as a partenaire impliqué, its fundings of structures, the structures of its territory, with the
same figures as the full bilan."""

import datetime

import pytest
from django.urls import reverse

from fiches.enums import ActionStatus, FicheRole
from gouvernance.enums import DecisionStatus, InstanceKind
from gouvernance.models import Decision, Instance, Meeting
from structures.enums import OrganisationKind
from tests import factories

from .conftest import add_update, client_for
from .test_annual_report import pdf_text
from .test_bilan_years import bilan_pages


@pytest.fixture(autouse=True)
def _every_group_figure_shown(settings):
    """This world holds fewer structures than the threshold of statistical secrecy, which would withhold the
    partner's figures it reads (the secrecy itself: tests/rapports/test_secrecy.py)."""
    settings.AVS_MIN_GROUP_SIZE = 1


@pytest.fixture
def partner_world(world, partenaire, structure_a, structure_b):
    metropole = partenaire.organisation
    metropole.department_code = world["schema"].department_code
    metropole.save()
    fiche = world["fiche"]
    factories.FicheOrganisationFactory(fiche=fiche, organisation=metropole, role=FicheRole.FUNDER)
    other = factories.FicheFactory(orientation=fiche.orientation, code="PA 2.1.3", title="Une fiche sans la Métropole")
    action = factories.ActionFactory(fiche=other, number=1, text="Action hors Métropole", first_year=2024, last_year=2025)
    add_update(action, status=ActionStatus.EN_COURS, progress=90, comment="Hors Métropole", date=datetime.date(2025, 5, 1))
    factories.FundingFactory(structure=structure_b, funder=metropole, year=2025, amount=12500)
    factories.FundingFactory(structure=structure_a, funder=metropole, year=2024, amount=99999)
    return world | {"metropole": metropole}


def partner_pages(user, world, year=2025, organisation=None):
    organisation = organisation or world["metropole"]
    url = reverse("rapports:partner_report_pdf", args=[world["schema"].pk, year, organisation.pk])
    response = client_for(user).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bilan-2025-rhone-metropole-de-lyon.pdf"'
    reader, _ = pdf_text(response.content)
    return [" ".join(page.extract_text().replace("\u202f", " ").replace("\xa0", " ").split()) for page in reader.pages]


def test_partner_report_holds_its_fiches_fundings_and_territory(partner_world, partenaire):
    pages = partner_pages(partenaire, partner_world)
    text = " ".join(pages)
    assert "Ce qui concerne Métropole de Lyon" in pages[0]
    assert "PA 2.1.2 - Promouvoir les expérimentations" in text
    assert "PA 2.1.3" not in text and "Hors Métropole" not in text
    assert "L'AVS en bref" not in text
    fundings = next(page for page in pages if page.startswith("Les financements de Métropole de Lyon en 2025"))
    assert "Centre social B Commune" in fundings and "12 500 € Total 12 500 €" in fundings
    assert "99 999" not in text
    annex = next(page for page in pages if page.startswith("Annexe : les structures du territoire et leur agrément"))
    assert "Centre social A" in annex and "Centre social B" in annex


def test_partner_report_holds_the_fiches_it_takes_part_in_as_a_partner(partner_world, partenaire):
    fiche = partner_world["fiche"]
    title = "Une fiche où la Métropole est partenaire"
    involved = factories.FicheFactory(orientation=fiche.orientation, code="PA 2.1.4", title=title)
    factories.FicheOrganisationFactory(fiche=involved, organisation=partner_world["metropole"], role=FicheRole.PARTNER)
    factories.ActionFactory(fiche=involved, number=1, text="Action avec la Métropole", first_year=2024, last_year=2026)
    text = " ".join(partner_pages(partenaire, partner_world))
    assert "PA 2.1.4 - Une fiche où la Métropole est partenaire" in text
    assert "Action 1 - Action avec la Métropole" in text
    assert "PA 2.1.3" not in text


def test_partner_report_gives_the_same_figures_as_the_full_bilan(partner_world, partenaire):
    full = " ".join(bilan_pages(partenaire, partner_world["schema"], 2025))
    mine = " ".join(partner_pages(partenaire, partner_world))
    for row in (
        "Action 1 - Soutenir les expériences innovantes 2023 à 2026 En cours 65 %",
        "Action 2 - Organiser des temps de partage d'expériences 2022 à 2024 En cours (en retard) 40 %",
        "2024 2 4 \u22122 2025 7 9 \u22122",
    ):
        assert row in full and row in mine, row


def test_partner_cannot_download_another_organisations_report(partner_world, partenaire):
    other = factories.OrganisationFactory(name="Conseil départemental du Rhône", kind=OrganisationKind.DEPARTEMENT)
    url = reverse("rapports:partner_report_pdf", args=[partner_world["schema"].pk, 2025, other.pk])
    response = client_for(partenaire).get(url)
    assert response.status_code == 403
    content = response.content.decode()
    assert "que le bilan de l&#x27;organisation que vous représentez" in content
    assert "%PDF" not in content


def test_partner_dashboard_links_to_its_own_report(partner_world, partenaire):
    response = client_for(partenaire).get(reverse("rapports:schema_dashboard", args=[partner_world["schema"].pk]))
    url = reverse("rapports:partner_report_pdf", args=[partner_world["schema"].pk, 2025, partner_world["metropole"].pk])
    assert f'href="{url}"' in response.content.decode()


def test_partner_report_lists_the_decisions_its_organisation_carries(partner_world, partenaire):
    metropole = partner_world["metropole"]
    caf = factories.OrganisationFactory(name="Caf du Rhône")
    copil = Instance.objects.create(schema=partner_world["schema"], kind=InstanceKind.COPIL, name="Comité de pilotage")
    meeting_2025 = Meeting.objects.create(body=copil, date=datetime.date(2025, 3, 14))
    meeting_2024 = Meeting.objects.create(body=copil, date=datetime.date(2024, 6, 3))
    for meeting, text, carrier, status in (
        (meeting_2025, "Ouvrir un appel à projets DEC-MINE", metropole, DecisionStatus.EN_COURS),
        (meeting_2025, "Réunir les directeurs DEC-CAF", caf, DecisionStatus.EN_COURS),
        (meeting_2024, "Cartographier les quartiers DEC-OPEN", metropole, DecisionStatus.A_ENGAGER),
        (meeting_2024, "Signer la convention DEC-CLOSED", metropole, DecisionStatus.REALISEE),
    ):
        Decision.objects.create(meeting=meeting, text=text, carrier=carrier, due_date=datetime.date(2025, 9, 30), status=status)

    pages = partner_pages(partenaire, partner_world)
    chapter = next(page for page in pages if page.startswith("Les décisions portées par Métropole de Lyon"))
    assert "Ouvrir un appel à projets DEC-MINE Comité de pilotage du 14/03/2025 30/09/2025 En cours — en retard" in chapter
    assert "Cartographier les quartiers DEC-OPEN Comité de pilotage du 03/06/2024 30/09/2025 À engager — en retard" in chapter
    text = " ".join(pages)
    assert "DEC-CAF" not in text and "DEC-CLOSED" not in text
