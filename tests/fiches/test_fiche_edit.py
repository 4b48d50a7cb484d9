"""Editing and creating fiches from the browser."""

import pytest
from django.urls import reverse

from fiches.enums import FicheRole
from fiches.models import Fiche
from tests import factories

from .test_concurrency import _fiche_post_data


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _action_forms(data):
    return sorted({key.split("-")[1] for key in data if key.startswith("actions-") and key.split("-")[1].isdigit()})


def test_fiche_edit_reorders_actions_and_changes_echeance(admin_client, fiche):
    first = factories.ActionFactory(fiche=fiche, number=1, text="Première")
    second = factories.ActionFactory(fiche=fiche, number=2, text="Seconde")
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    index = {data[f"actions-{i}-id"]: i for i in _action_forms(data) if data.get(f"actions-{i}-id")}
    data[f"actions-{index[str(first.pk)]}-number"] = "2"
    data[f"actions-{index[str(second.pk)]}-number"] = "1"
    data[f"actions-{index[str(second.pk)]}-last_year"] = "2025"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert list(fiche.actions.order_by("number").values_list("text", "number", "last_year")) == [
        ("Seconde", 1, 2025),
        ("Première", 2, 2026),
    ]


def test_fiche_edit_adds_removes_actions_results_and_organisations(admin_client, fiche):
    doomed = factories.ActionFactory(fiche=fiche, number=1, text="À retirer")
    metropole = factories.OrganisationFactory(name="Métropole de Lyon")
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data["actions-0-DELETE"] = "on"
    data.update({"actions-1-number": "2", "actions-1-text": "Nouvelle action", "actions-1-first_year": "2024"})
    data["actions-1-last_year"] = "2026"
    data.update({"results-0-text": "Des projets nouveaux", "results-0-order": "1"})
    data.update({"organisations-1-role": FicheRole.FUNDER, "organisations-1-organisation": str(metropole.pk)})
    data["organisations-1-order"] = "0"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not fiche.actions.filter(pk=doomed.pk).exists()
    assert list(fiche.actions.values_list("number", "text", "first_year")) == [(2, "Nouvelle action", 2024)]
    assert list(fiche.expected_results.values_list("text", flat=True)) == ["Des projets nouveaux"]
    fiche = Fiche.objects.get(pk=fiche.pk)
    assert [org.name for org in fiche.funders] == ["Métropole de Lyon"]
    assert [org.name for org in fiche.pilots] == ["Caf du Rhône"]


def test_fiche_edit_echeance_outside_schema_refused(admin_client, fiche):
    factories.ActionFactory(fiche=fiche, number=1)
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data["actions-0-last_year"] = "2030"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["formsets"][0].forms[0].non_field_errors() == [
        "L'échéance (2022 à 2030) doit rester dans la période du schéma (2022 à 2026)."
    ]
    assert fiche.actions.get().last_year == 2026


def test_fiche_edit_duplicate_action_numbers_refused(admin_client, fiche):
    factories.ActionFactory(fiche=fiche, number=1)
    factories.ActionFactory(fiche=fiche, number=2)
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data["actions-1-number"] = "1"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["formsets"][0].non_form_errors() == ["Deux actions portent le numéro 1."]


def test_fiche_create_by_admin(admin_client, schema, fiche):
    url = reverse("fiches:fiche_create", args=[schema.pk])
    data = _fiche_post_data(admin_client.get(url))
    data.update({"orientation": str(fiche.orientation_id), "code": "PA 2.1.9", "title": "Une nouvelle fiche"})
    data.update({"actions-0-number": "1", "actions-0-text": "Lancer", "actions-0-first_year": "2024"})
    data["actions-0-last_year"] = "2025"
    response = admin_client.post(url, data)
    created = Fiche.objects.get(code="PA 2.1.9")
    assert response.status_code == 302
    assert response["Location"] == reverse("fiches:fiche_detail", args=[created.pk])
    assert (created.schema, created.title) == (schema, "Une nouvelle fiche")
    assert list(created.actions.values_list("text", "first_year", "last_year")) == [("Lancer", 2024, 2025)]


def test_fiche_create_duplicate_code_refused(admin_client, schema, fiche):
    url = reverse("fiches:fiche_create", args=[schema.pk])
    data = _fiche_post_data(admin_client.get(url))
    data.update({"orientation": str(fiche.orientation_id), "code": "PA 2.1.2", "title": "Doublon"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Ce code de fiche existe déjà dans le schéma."]
    assert Fiche.objects.count() == 1


@pytest.mark.parametrize("where", ["other_fiche", "other_schema"])
def test_fiche_edit_refuses_an_action_of_another_fiche(admin_client, fiche, where):
    """A tampered formset naming another fiche's action (or another schéma's) is refused; nothing is written."""
    own = factories.ActionFactory(fiche=fiche, number=1, text="La mienne")
    if where == "other_fiche":
        other_fiche = factories.FicheFactory(orientation=fiche.orientation, code="PA 2.1.3")
    else:
        other_fiche = factories.FicheFactory(code="PA 9.9.9")
    foreign = factories.ActionFactory(fiche=other_fiche, number=4, text="La leur")
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data["actions-0-id"] = str(foreign.pk)
    data["actions-0-text"] = "Piratée"
    version = fiche.version

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["formsets"][0].forms[0].errors["id"] == [
        "Cette ligne n'appartient pas à cette fiche-action : rechargez la page et recommencez."
    ]
    assert "Cette ligne n&#x27;appartient pas à cette fiche-action" in response.content.decode()
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert (foreign.fiche_id, foreign.number, foreign.text) == (other_fiche.pk, 4, "La leur")
    assert (own.fiche_id, own.number, own.text) == (fiche.pk, 1, "La mienne")
    fiche.refresh_from_db()
    assert fiche.version == version


def test_fiche_edit_with_a_huge_form_count_is_refused_without_building_the_forms(admin_client, fiche):
    factories.ActionFactory(fiche=fiche, number=1, text="La mienne")
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data["actions-TOTAL_FORMS"] = "1" + "0" * 30

    response = admin_client.post(url, data)

    assert response.status_code == 200
    formset = response.context["formsets"][0]
    assert len(formset.forms) == 50
    assert formset.non_form_errors() == ["Veuillez soumettre au plus 50 formulaires."]
    assert list(fiche.actions.values_list("text", flat=True)) == ["La mienne"]
