"""Every view of rapports, for every kind of person: who reads, who gets a French 403, who logs in."""

import html

import pytest
from django.urls import reverse

from .conftest import client_for

ALL = ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b", "partenaire", "anonymous"]


def expected(allowed, person):
    if person == "anonymous":
        return 302
    return 200 if person in allowed else 403


SCHEMA_VIEWS = ["rapports:schema_dashboard", "rapports:indicators_dashboard", "rapports:structures_dashboard"]
SCHEMA_READERS = ["admin", "conseiller", "partenaire"]


@pytest.mark.parametrize("person", ALL)
def test_dashboard_landing_by_role(world, people, person):
    response = client_for(people[person]).get(reverse("rapports:dashboard"))
    assert response.status_code == expected(["admin", "conseiller", "conseiller_94", "partenaire"], person)


@pytest.mark.parametrize("person", ALL)
@pytest.mark.parametrize("url_name", SCHEMA_VIEWS)
def test_schema_dashboards_by_role(world, people, person, url_name):
    response = client_for(people[person]).get(reverse(url_name, args=[world["schema"].pk]))
    assert response.status_code == expected(SCHEMA_READERS, person)
    if person == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("person", ALL)
def test_annual_report_pdf_by_role(world, people, person):
    response = client_for(people[person]).get(reverse("rapports:annual_report_pdf", args=[world["schema"].pk, 2025]))
    assert response.status_code == expected(SCHEMA_READERS, person)


@pytest.mark.parametrize("person", ALL)
def test_fiche_pdf_by_role(world, people, person):
    response = client_for(people[person]).get(reverse("rapports:fiche_pdf", args=[world["fiche"].pk]))
    # Whoever reads the fiche downloads it: directors read the schémas of their département.
    assert response.status_code == expected(["admin", "conseiller", "directeur_a", "directeur_b", "partenaire"], person)


@pytest.mark.parametrize("person", ALL)
def test_structure_pdf_by_role(world, people, person, structure_a):
    response = client_for(people[person]).get(reverse("rapports:structure_pdf", args=[structure_a.pk]))
    assert response.status_code == expected(["admin", "conseiller", "directeur_a"], person)


def test_dashboard_director_gets_french_reason(world, people):
    response = client_for(people["directeur_a"]).get(reverse("rapports:schema_dashboard", args=[world["schema"].pk]))
    assert response.status_code == 403
    assert "réservés à la Caf et à ses partenaires" in response.content.decode()


def test_dashboard_conseiller_of_other_schema_gets_french_reason(world, people):
    response = client_for(people["conseiller_94"]).get(reverse("rapports:schema_dashboard", args=[world["schema"].pk]))
    assert response.status_code == 403
    assert "Ce schéma ne fait pas partie de votre périmètre" in response.content.decode()


def test_structure_pdf_partner_gets_french_reason(world, people, structure_a):
    response = client_for(people["partenaire"]).get(reverse("rapports:structure_pdf", args=[structure_a.pk]))
    assert response.status_code == 403
    assert "réservées à la Caf et à la direction de la structure" in response.content.decode()


def test_annual_report_pdf_year_outside_schema_is_404(world, people):
    response = client_for(people["partenaire"]).get(reverse("rapports:annual_report_pdf", args=[world["schema"].pk, 2030]))
    assert response.status_code == 404


def test_schema_dashboard_unknown_schema_is_404(world, people):
    response = client_for(people["partenaire"]).get(reverse("rapports:schema_dashboard", args=[99999]))
    assert response.status_code == 404


def test_schema_dashboard_bad_year_falls_back_with_message(world, people):
    response = client_for(people["partenaire"]).get(
        reverse("rapports:schema_dashboard", args=[world["schema"].pk]), {"annee": "abc"}
    )
    assert response.status_code == 200
    assert response.context["year"] == 2025
    assert "L'année demandée n'est pas valable pour ce schéma (2022 à 2026)" in html.unescape(response.content.decode())


def test_dashboard_landing_lists_only_own_schemas_for_conseiller(world, people, schema_94):
    response = client_for(people["conseiller_94"]).get(reverse("rapports:dashboard"))
    assert [row["schema"] for row in response.context["rows"]] == [schema_94]
