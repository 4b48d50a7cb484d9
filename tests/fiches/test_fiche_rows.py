# ruff: noqa: F811 — the fixtures imported from .factories are parameters of the tests.
"""The fiche form adds several actions and results in one save; « Ajouter des lignes » gives more empty rows."""

import html

import pytest
from django.urls import reverse

from fiches.models import Action, ExpectedResult

from .test_concurrency import _fiche_post_data


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _with_rows(data, prefix, rows):
    """``data`` with ``rows`` (dicts of field values) appended to the formset ``prefix``."""
    data = dict(data)
    start = int(data[f"{prefix}-INITIAL_FORMS"])  # the page's empty extra row is replaced by the new rows
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data


def test_fiche_edit_saves_three_actions_and_two_results_at_once(admin_client, fiche):
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    actions = [{"number": str(n), "text": f"Action {n}", "first_year": "2023", "last_year": "2026"} for n in (1, 2, 3)]
    data = _with_rows(data, "actions", actions)
    data = _with_rows(data, "results", [{"order": "1", "text": "Premier résultat"}, {"order": "2", "text": "Second"}])
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert list(fiche.actions.order_by("number").values_list("number", "text")) == [
        (1, "Action 1"),
        (2, "Action 2"),
        (3, "Action 3"),
    ]
    assert list(fiche.expected_results.order_by("order").values_list("text", flat=True)) == ["Premier résultat", "Second"]


def test_fiche_edit_one_faulty_new_action_saves_none_of_the_rows(admin_client, fiche):
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    actions = [
        {"number": "1", "text": "Action 1", "first_year": "2023", "last_year": "2026"},
        {"number": "2", "text": "Action 2", "first_year": "2023", "last_year": "2031"},  # beyond the schéma
    ]
    data = _with_rows(data, "actions", actions)
    data = _with_rows(data, "results", [{"order": "1", "text": "Un résultat"}])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    refusal = "L'échéance (2023 à 2031) doit rester dans la période du schéma (2022 à 2026)."
    assert refusal in html.unescape(response.content.decode())
    assert not Action.objects.filter(fiche=fiche).exists()
    assert not ExpectedResult.objects.filter(fiche=fiche).exists()


def test_fiche_edit_more_rows_keeps_typed_input_and_saves_nothing(admin_client, fiche):
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data = _with_rows(data, "actions", [{"number": "1", "text": "Tapée mais pas enregistrée", "first_year": "2023"}])
    data.update(diagnostic="Diagnostic en cours de saisie", ajouter_lignes="1")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    actions = response.context["formsets"][0]
    assert actions.total_form_count() == 3
    assert actions.forms[0]["text"].value() == "Tapée mais pas enregistrée"
    assert [form["text"].value() for form in actions.forms[1:]] == [None, None]
    assert response.context["formsets"][1].total_form_count() == 3
    assert response.context["form"]["diagnostic"].value() == "Diagnostic en cours de saisie"
    page = html.unescape(response.content.decode())
    assert "Ce champ est obligatoire" not in page  # the action's last year is still empty: no error yet
    assert 'name="actions-TOTAL_FORMS" value="3"' in page
    fiche.refresh_from_db()
    assert (fiche.diagnostic, fiche.version, fiche.actions.count()) == ("", 1, 0)


def test_fiche_create_more_rows_keeps_input_of_the_new_fiche(admin_client, schema, fiche):
    url = reverse("fiches:fiche_create", args=[schema.pk])
    data = _fiche_post_data(admin_client.get(url))
    data.update(code="PA 9.9.9", ajouter_lignes="1")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"]["code"].value() == "PA 9.9.9"
    assert response.context["formsets"][0].total_form_count() == 3
    assert not schema.fiches.filter(code="PA 9.9.9").exists()


def test_fiche_form_more_rows_capped(admin_client, fiche):
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data = _fiche_post_data(admin_client.get(url))
    data.update({"actions-TOTAL_FORMS": "49", "ajouter_lignes": "1"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["formsets"][0].total_form_count() == 50


def test_fiche_form_has_add_buttons_and_the_empty_row_template(admin_client, fiche):
    page = admin_client.get(reverse("fiches:fiche_edit", args=[fiche.pk])).content.decode()
    assert "Ajouter une action" in page and "Ajouter un résultat" in page
    assert 'name="actions-__prefix__-text"' in page  # inside <template data-formset-empty>
    assert 'name="ajouter_lignes"' in page
    assert "js/formset.js" in page
