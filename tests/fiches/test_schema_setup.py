# ruff: noqa: F811 — the fixtures imported from .factories are parameters of the tests.
"""An administrateur sets up schémas in the application: creates and edits a schéma, its axes and orientations."""

import html

import pytest
from django.urls import reverse

from fiches.models import Axis, Orientation, Schema
from tests import factories
from tests.hostile.formdata import form_fields

from .factories import LOGIN_URL, client_for

REASON = "Seuls les administrateurs créent les schémas et en définissent les axes et les orientations."


def _page_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data, _kinds = form_fields(response.content.decode())
    return {name: value for name, value in data.items() if "__prefix__" not in name}


def _text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _setup_urls(schema, axis):
    return [
        reverse("fiches:schema_create"),
        reverse("fiches:schema_edit", args=[schema.pk]),
        reverse("fiches:schema_axes", args=[schema.pk]),
        reverse("fiches:axis_orientations", args=[axis.pk]),
    ]


@pytest.mark.parametrize("who", ["conseiller", "other_conseiller", "directeur_a", "directeur_b", "partenaire"])
def test_schema_setup_pages_refused_to_other_roles_with_the_reason(client, people, schema, fiche, who):
    client_for(client, people[who])
    for url in _setup_urls(schema, fiche.orientation.axis):
        for response in (client.get(url), client.post(url, {"title": "Détourné"})):
            assert response.status_code == 403, url
            assert REASON in _text(response)
    assert Schema.objects.filter(title="Détourné").count() == 0


def test_schema_setup_pages_send_anonymous_people_to_login(client, schema, fiche):
    for url in _setup_urls(schema, fiche.orientation.axis):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(LOGIN_URL)


def test_schema_setup_pages_open_for_an_administrateur(admin_client, schema, fiche):
    for url in _setup_urls(schema, fiche.orientation.axis):
        assert admin_client.get(url).status_code == 200, url


def test_schema_links_shown_to_administrateurs_only(client, people, schema):
    client_for(client, people["admin"])
    assert reverse("fiches:schema_create") in client.get(reverse("fiches:schema_list")).content.decode()
    detail = client.get(reverse("fiches:schema_detail", args=[schema.pk])).content.decode()
    assert reverse("fiches:schema_edit", args=[schema.pk]) in detail
    assert reverse("fiches:schema_axes", args=[schema.pk]) in detail
    client_for(client, people["conseiller"])
    assert reverse("fiches:schema_create") not in client.get(reverse("fiches:schema_list")).content.decode()
    detail = client.get(reverse("fiches:schema_detail", args=[schema.pk])).content.decode()
    assert reverse("fiches:schema_axes", args=[schema.pk]) not in detail


def test_schema_create_saves_and_leads_to_its_axes(admin_client):
    factories.SchemaFactory(slug="isere-2024-2028")  # a schéma of the same département and period already there
    response = admin_client.post(
        reverse("fiches:schema_create"),
        {
            "title": "Schéma départemental de l'Isère",
            "department_code": "38",
            "department_name": "Isère",
            "first_year": "2024",
            "last_year": "2028",
            "status": "preparation",
        },
    )
    schema = Schema.objects.get(department_code="38")
    assert response.status_code == 302 and response.url == reverse("fiches:schema_axes", args=[schema.pk])
    assert (schema.title, schema.first_year, schema.last_year, schema.slug, schema.version) == (
        "Schéma départemental de l'Isère",
        2024,
        2028,
        "isere-2024-2028-2",
        1,
    )
    assert schema.history.count() == 1


def test_schema_create_period_reversed_refused_in_french(admin_client):
    data = {"title": "Schéma", "department_code": "38", "department_name": "Isère", "first_year": "2028"}
    response = admin_client.post(reverse("fiches:schema_create"), {**data, "last_year": "2024", "status": "preparation"})
    assert response.status_code == 422
    assert "La première année du schéma doit précéder ou égaler la dernière." in _text(response)
    assert not Schema.objects.filter(department_code="38").exists()


def test_schema_create_unknown_department_code_refused(admin_client):
    data = {"title": "Schéma", "department_code": "6X", "department_name": "Nulle part", "first_year": "2024"}
    response = admin_client.post(reverse("fiches:schema_create"), {**data, "last_year": "2026", "status": "preparation"})
    assert response.status_code == 422
    assert "Saisissez un code de département" in _text(response)


def test_schema_edit_saves_and_records_history(admin_client, schema):
    url = reverse("fiches:schema_edit", args=[schema.pk])
    data = _page_data(admin_client, url)
    response = admin_client.post(url, {**data, "title": "Schéma du Rhône 2022-2026", "status": "en_cours"})
    assert response.status_code == 302
    schema.refresh_from_db()
    assert (schema.title, schema.status, schema.version) == ("Schéma du Rhône 2022-2026", "en_cours", 2)
    assert schema.history.first().title == "Schéma du Rhône 2022-2026"


def test_schema_edit_stale_save_refused(client, admin_user, schema):
    other_admin = factories.AdminFactory(email="autre.admin@exemple.fr")
    url = reverse("fiches:schema_edit", args=[schema.pk])
    client_for(client, admin_user)
    first = _page_data(client, url)
    from django.test import Client

    second_client = client_for(Client(), other_admin)
    second = _page_data(second_client, url)
    assert client.post(url, {**first, "title": "Titre de la première"}).status_code == 302
    response = second_client.post(url, {**second, "title": "Titre de la seconde"})
    assert response.status_code == 422
    page = _text(response)
    assert "Quelqu'un d'autre a enregistré une modification" in page
    assert "intitulé : « Schéma départemental d'animation de la vie sociale » → « Titre de la première »" in page
    assert "Titre de la seconde" in page
    assert Schema.objects.get(pk=schema.pk).title == "Titre de la première"


def _rows(data, prefix):
    return sorted({key.split("-")[1] for key in data if key.startswith(f"{prefix}-") and key.split("-")[1].isdigit()})


def test_schema_axes_adds_and_reorders_axes(admin_client, schema):
    first = factories.AxisFactory(schema=schema, number=1, title="Premier axe")
    second = factories.AxisFactory(schema=schema, number=2, title="Second axe")
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    index = {data[f"axes-{i}-id"]: i for i in _rows(data, "axes") if data.get(f"axes-{i}-id")}
    data[f"axes-{index[str(first.pk)]}-number"] = "2"
    data[f"axes-{index[str(second.pk)]}-number"] = "1"
    new = next(i for i in _rows(data, "axes") if not data.get(f"axes-{i}-id"))
    data[f"axes-{new}-number"] = "3"
    data[f"axes-{new}-title"] = "Troisième axe"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert list(schema.axes.order_by("number").values_list("number", "title")) == [
        (1, "Second axe"),
        (2, "Premier axe"),
        (3, "Troisième axe"),
    ]
    assert Axis.history.filter(title="Troisième axe", history_type="+").count() == 1
    schema.refresh_from_db()
    assert schema.version == 2


def test_schema_axes_two_axes_with_one_number_refused(admin_client, schema):
    factories.AxisFactory(schema=schema, number=1, title="Premier axe")
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    new = next(i for i in _rows(data, "axes") if not data.get(f"axes-{i}-id"))
    response = admin_client.post(url, {**data, f"axes-{new}-number": "1", f"axes-{new}-title": "Doublon"})
    assert response.status_code == 422
    assert "Deux lignes portent le numéro 1 : chaque axe a le sien." in _text(response)
    assert schema.axes.count() == 1


def test_schema_axes_deleting_an_axe_with_fiches_refused(admin_client, schema, fiche):
    axis = fiche.orientation.axis
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    row = next(i for i in _rows(data, "axes") if data.get(f"axes-{i}-id") == str(axis.pk))
    response = admin_client.post(url, {**data, f"axes-{row}-DELETE": "on"})
    assert response.status_code == 422
    assert (
        "L'axe 2 porte encore une fiche-action : rattachez-les à une autre orientation ou supprimez-les "
        "avant de supprimer cet axe." in _text(response)
    )
    assert Axis.objects.filter(pk=axis.pk).exists()
    assert fiche.__class__.objects.filter(pk=fiche.pk).exists()


def test_schema_axes_deleting_an_empty_axe_works(admin_client, schema):
    axis = factories.AxisFactory(schema=schema, number=4)
    factories.OrientationFactory(axis=axis, number="4.1")
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    row = next(i for i in _rows(data, "axes") if data.get(f"axes-{i}-id") == str(axis.pk))
    assert admin_client.post(url, {**data, f"axes-{row}-DELETE": "on"}).status_code == 302
    assert not Axis.objects.filter(pk=axis.pk).exists()
    assert Axis.history.filter(id=axis.pk, history_type="-").count() == 1


def test_schema_axes_id_of_another_schema_refused(admin_client, schema):
    other = factories.AxisFactory(schema=factories.SchemaFactory(department_code="94"), number=1, title="Ailleurs")
    factories.AxisFactory(schema=schema, number=1)
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    response = admin_client.post(url, {**data, "axes-0-id": str(other.pk), "axes-0-title": "Détourné"})
    assert response.status_code == 422
    assert Axis.objects.get(pk=other.pk).title == "Ailleurs"


def test_schema_axes_stale_page_refused(admin_client, schema):
    factories.AxisFactory(schema=schema, number=1, title="Premier axe")
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    Schema.objects.filter(pk=schema.pk).update(version=5)
    response = admin_client.post(url, {**data, "axes-0-title": "Changé"})
    assert response.status_code == 422
    assert "Quelqu'un d'autre a enregistré une modification" in _text(response)
    assert schema.axes.get().title == "Premier axe"


def test_schema_axes_more_rows_keeps_input_and_saves_nothing(admin_client, schema):
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    response = admin_client.post(url, {**data, "axes-0-number": "1", "axes-0-title": "Tapé", "ajouter_lignes": "1"})
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 3
    assert formset.forms[0]["title"].value() == "Tapé"
    assert "Ce champ est obligatoire" not in _text(response)
    assert schema.axes.count() == 0


def test_axis_orientations_adds_swaps_and_refuses_deleting_one_with_fiches(admin_client, schema, fiche):
    axis = fiche.orientation.axis
    other = factories.OrientationFactory(axis=axis, number="2.2", title="Seconde orientation")
    url = reverse("fiches:axis_orientations", args=[axis.pk])
    data = _page_data(admin_client, url)
    index = {data[f"orientations-{i}-id"]: i for i in _rows(data, "orientations") if data.get(f"orientations-{i}-id")}
    data[f"orientations-{index[str(fiche.orientation.pk)]}-number"] = "2.2"
    data[f"orientations-{index[str(other.pk)]}-number"] = "2.1"
    new = next(i for i in _rows(data, "orientations") if not data.get(f"orientations-{i}-id"))
    data[f"orientations-{new}-number"] = "2.3"
    data[f"orientations-{new}-title"] = "Nouvelle orientation"
    assert admin_client.post(url, data).status_code == 302
    assert dict(axis.orientations.values_list("pk", "number")) == {
        fiche.orientation.pk: "2.2",
        other.pk: "2.1",
        Orientation.objects.get(title="Nouvelle orientation").pk: "2.3",
    }
    data = _page_data(admin_client, url)
    row = next(i for i in _rows(data, "orientations") if data.get(f"orientations-{i}-id") == str(fiche.orientation.pk))
    response = admin_client.post(url, {**data, f"orientations-{row}-DELETE": "on"})
    assert response.status_code == 422
    assert "L'orientation 2.2 porte encore une fiche-action" in _text(response)
    assert Orientation.objects.filter(pk=fiche.orientation.pk).exists()


def test_deleted_axe_listed_and_restored_by_an_administrateur(admin_client, schema):
    axis = factories.AxisFactory(schema=schema, number=5, title="Axe supprimé par erreur")
    url = reverse("fiches:schema_axes", args=[schema.pk])
    data = _page_data(admin_client, url)
    row = next(i for i in _rows(data, "axes") if data.get(f"axes-{i}-id") == str(axis.pk))
    assert admin_client.post(url, {**data, f"axes-{row}-DELETE": "on"}).status_code == 302
    assert "Axe supprimé par erreur" in _text(admin_client.get(reverse("deleted_list")))
    record = Axis.history.get(id=axis.pk, history_type="-")
    restore = reverse("restore_deleted", args=["fiches", "axis", record.history_id])
    assert admin_client.post(restore).status_code == 302
    assert Axis.objects.get(pk=axis.pk).title == "Axe supprimé par erreur"
