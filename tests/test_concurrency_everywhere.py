"""No lost update anywhere: two people open the same edit form, the first saves,
the second's save is refused with the French message of core.concurrency and their input stays."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from indicateurs.models import Indicator, IndicatorValue
from structures.models import Convention, Structure
from tests.hostile.formdata import form_fields
from tests.hostile.world import build_world

REFUSED = "Quelqu'un d'autre a enregistré une modification"


@pytest.fixture
def world(db):
    return build_world()


def _open(world, who, url):
    client = Client()
    client.force_login(world[who])
    response = client.get(url)
    assert response.status_code == 200
    data, _kinds = form_fields(response.content.decode())
    return client, data


def _race(world, who_first, who_second, url, field, first_value, second_value):
    first, first_data = _open(world, who_first, url)
    second, second_data = _open(world, who_second, url)
    saved = first.post(url, {**first_data, field: first_value})
    assert saved.status_code == 302
    refused = second.post(url, {**second_data, field: second_value})
    assert refused.status_code in (200, 422)
    page = html.unescape(refused.content.decode())
    assert REFUSED in page
    assert second_value in page  # the second person's input stays in the form
    return second, second_data, page


def test_structure_edit_stale_save_refused(world):
    structure = world["structure"]
    url = reverse("structures:structure_edit", args=[structure.pk])
    _second, _data, page = _race(world, "admin", "conseiller", url, "name", "Centre Nord", "Centre Sud")
    assert "nom : « Centre social A » → « Centre Nord »" in page
    structure.refresh_from_db()
    assert (structure.name, structure.version) == ("Centre Nord", 2)


def test_structure_edit_saved_again_on_purpose_replaces(world):
    structure = world["structure"]
    url = reverse("structures:structure_edit", args=[structure.pk])
    second, data, page = _race(world, "admin", "conseiller", url, "name", "Centre Nord", "Centre Sud")
    data, _kinds = form_fields(page)
    assert second.post(url, {**data, "name": "Centre Sud"}).status_code == 302
    assert Structure.objects.get(pk=structure.pk).name == "Centre Sud"


def test_structure_contact_stale_save_refused(world):
    structure = world["structure"]
    url = reverse("structures:structure_contact_edit", args=[structure.pk])
    _race(world, "admin", "directeur", url, "director_name", "Alice Martin", "Bruno Petit")
    assert Structure.objects.get(pk=structure.pk).director_name == "Alice Martin"


def test_convention_edit_stale_save_refused(world):
    convention = world["convention"]
    url = reverse("structures:convention_edit", args=[convention.pk])
    _second, _data, page = _race(world, "admin", "conseiller", url, "title", "Convention 2025", "Convention 2026")
    assert "intitulé" in page
    convention.refresh_from_db()
    assert (convention.title, convention.version) == ("Convention 2025", 2)


def test_indicator_edit_stale_save_refused(world):
    indicator = world["indicators"]["count"]
    url = reverse("indicateurs:indicator_edit", args=[indicator.pk])
    second = Client()
    second.force_login(world["admin"])
    data, _kinds = form_fields(second.get(url).content.decode())
    first = Client()
    first.force_login(world["admin"])
    assert first.post(url, {**data, "label": "Nombre de projets"}).status_code == 302
    refused = second.post(url, {**data, "label": "Nombre d'ateliers"})
    page = html.unescape(refused.content.decode())
    assert REFUSED in page
    assert "Nombre d'ateliers" in page
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert (indicator.label, indicator.version) == ("Nombre de projets", 2)


def test_entry_stale_draft_refused_with_changes(world):
    campaign, structure, count = world["campaign"], world["structure"], world["indicators"]["count"]
    url = reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
    name = f"valeur-{count.pk}"
    _second, _data, page = _race(world, "directeur", "admin", url, name, "7", "9")
    assert "valeur numérique : « 3,00 » → « 7,00 »" in page or "valeur numérique : « 3.00 » → « 7.00 »" in page
    value = IndicatorValue.objects.get(indicator=count, structure=structure, campaign=campaign)
    assert value.number == 7


def test_entry_new_value_entered_meanwhile_refused(world):
    campaign, structure, amount = world["campaign"], world["structure"], world["indicators"]["amount"]
    url = reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
    _race(world, "directeur", "admin", url, f"valeur-{amount.pk}", "1200", "1500")
    assert IndicatorValue.objects.get(indicator=amount, structure=structure, campaign=campaign).number == 1200


def test_schema_values_stale_save_refused(world):
    campaign, indicator = world["campaign"], world["indicators"]["schema_count"]
    IndicatorValue.objects.create(indicator=indicator, campaign=campaign, structure=None, number=2)
    url = reverse("indicateurs:schema_values", args=[campaign.pk])
    _race(world, "conseiller", "admin", url, f"valeur-{indicator.pk}", "5", "6")
    assert IndicatorValue.objects.get(indicator=indicator, campaign=campaign, structure=None).number == 5


def test_entry_fresh_save_goes_through(world):
    campaign, structure, count = world["campaign"], world["structure"], world["indicators"]["count"]
    url = reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
    client, data = _open(world, "directeur", url)
    assert client.post(url, {**data, f"valeur-{count.pk}": "8"}).status_code == 302
    assert client.post(url, {**form_fields(client.get(url).content.decode())[0], f"valeur-{count.pk}": "10"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=count, structure=structure, campaign=campaign).number == 10


def test_convention_model_has_version_default_one(db):
    from tests import factories

    assert factories.ConventionFactory().version == 1
    assert isinstance(Convention._meta.get_field("version").default, int)


# --- "Historique" links: each page links to its object's history ------------------------------------


def _history_url(app_label, model_name, pk):
    return reverse("history", kwargs={"app_label": app_label, "model_name": model_name, "pk": pk})


def _page_links_to(client, page, url):
    response = client.get(page)
    assert response.status_code == 200, page
    assert f'href="{url}"' in response.content.decode(), page


def _other_departement_conseiller():
    from tests import factories

    other = factories.SchemaFactory(slug="autre", department_code="94", department_name="Val-de-Marne")
    return factories.ConseillerFactory(email="conseiller94@hostile.fr", schemas=[other])


def _partner():
    from tests import factories

    return factories.PartenaireFactory(email="partenaire@hostile.fr", organisation=factories.OrganisationFactory())


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("page", "target"),
    [
        (lambda w: reverse("fiches:fiche_detail", args=[w["fiche"].pk]), lambda w: ("fiches", "fiche", w["fiche"].pk)),
        (lambda w: reverse("fiches:action_detail", args=[w["action"].pk]), lambda w: ("fiches", "action", w["action"].pk)),
        (
            lambda w: reverse("structures:structure_detail", args=[w["structure"].pk]),
            lambda w: ("structures", "structure", w["structure"].pk),
        ),
        (
            lambda w: reverse("structures:convention_edit", args=[w["convention"].pk]),
            lambda w: ("structures", "convention", w["convention"].pk),
        ),
        (
            lambda w: reverse("indicateurs:indicator_edit", args=[w["indicators"]["count"].pk]),
            lambda w: ("indicateurs", "indicator", w["indicators"]["count"].pk),
        ),
        (
            lambda w: reverse("indicateurs:validation_structure", args=[w["campaign"].pk, w["structure"].pk]),
            lambda w: ("indicateurs", "indicatorvalue", w["submitted"].pk),
        ),
    ],
    ids=["fiche", "action", "structure", "convention", "indicator", "value"],
)
def test_page_links_to_its_history_for_admin(world, page, target):
    client = _client_for(world["admin"])
    url = _history_url(*target(world))
    _page_links_to(client, page(world), url)
    assert client.get(url).status_code == 200


def test_fiche_history_for_conseiller_of_schema_and_refused_to_other_departement(world):
    url = _history_url("fiches", "fiche", world["fiche"].pk)
    _page_links_to(_client_for(world["conseiller"]), reverse("fiches:fiche_detail", args=[world["fiche"].pk]), url)
    assert _client_for(world["conseiller"]).get(url).status_code == 200
    assert _client_for(_other_departement_conseiller()).get(url).status_code == 403


def test_action_history_refused_to_other_departement(world):
    url = _history_url("fiches", "action", world["action"].pk)
    assert _client_for(world["conseiller"]).get(url).status_code == 200
    assert _client_for(_other_departement_conseiller()).get(url).status_code == 403


def test_structure_history_link_only_for_private_readers(world):
    structure = world["structure"]
    url = _history_url("structures", "structure", structure.pk)
    page = reverse("structures:structure_detail", args=[structure.pk])
    _page_links_to(_client_for(world["directeur"]), page, url)
    assert _client_for(world["directeur"]).get(url).status_code == 200
    partner = _client_for(_partner())
    response = partner.get(page)
    assert response.status_code == 200
    assert url not in response.content.decode()
    assert partner.get(url).status_code == 403


def test_convention_and_indicator_history_refused_to_partner(world):
    partner = _client_for(_partner())
    assert partner.get(_history_url("structures", "convention", world["convention"].pk)).status_code == 403
    assert (
        _client_for(world["conseiller"]).get(_history_url("structures", "convention", world["convention"].pk)).status_code == 200
    )
    value_url = _history_url("indicateurs", "indicatorvalue", world["submitted"].pk)
    assert partner.get(value_url).status_code == 403
    assert _client_for(world["conseiller"]).get(value_url).status_code == 200


def test_history_anonymous_goes_to_login(world):
    response = Client().get(_history_url("fiches", "fiche", world["fiche"].pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- A post without its version is stale, never "skip the check" -----------------------------------


def _versioned_forms(world):
    from fiches.models import Fiche
    from structures.models import Funding

    campaign, indicators = world["campaign"], world["indicators"]
    schema_value = IndicatorValue.objects.create(indicator=indicators["schema_count"], campaign=campaign, number=2)
    count_value = IndicatorValue.objects.get(indicator=indicators["count"], structure=world["structure"])
    funding = Funding.objects.get()
    return {
        "structure": ("admin", reverse("structures:structure_edit", args=[world["structure"].pk]), world["structure"]),
        "contact": ("directeur", reverse("structures:structure_contact_edit", args=[world["structure"].pk]), world["structure"]),
        "agrement": ("admin", reverse("structures:agrement_edit", args=[world["agrement"].pk]), world["agrement"]),
        "funding": ("admin", reverse("structures:funding_edit", args=[funding.pk]), funding),
        "convention": ("admin", reverse("structures:convention_edit", args=[world["convention"].pk]), world["convention"]),
        "indicator": ("admin", reverse("indicateurs:indicator_edit", args=[indicators["count"].pk]), indicators["count"]),
        "fiche": ("admin", reverse("fiches:fiche_edit", args=[world["fiche"].pk]), Fiche.objects.get(pk=world["fiche"].pk)),
        "entry": ("directeur", reverse("indicateurs:entry", args=[campaign.pk, world["structure"].pk]), count_value),
        "schema_values": ("conseiller", reverse("indicateurs:schema_values", args=[campaign.pk]), schema_value),
        "user": ("admin", reverse("comptes:user_edit", args=[world["conseiller"].pk]), world["conseiller"]),
    }


@pytest.mark.parametrize(
    "form", ["structure", "contact", "agrement", "funding", "convention", "indicator", "fiche", "entry", "schema_values", "user"]
)
def test_post_without_its_version_is_refused_as_stale(world, form):
    who, url, instance = _versioned_forms(world)[form]
    client, data = _open(world, who, url)
    posted = {name: value for name, value in data.items() if not (name == "version" or name.startswith("version-"))}
    assert len(posted) < len(data)  # the form carried a version

    response = client.post(url, posted)

    assert response.status_code in (200, 422)
    assert REFUSED in html.unescape(response.content.decode())
    version = instance.version
    instance.refresh_from_db()
    assert instance.version == version


def test_action_update_without_its_version_is_refused_as_stale(world):
    action = world["action"]
    client = Client()
    client.force_login(world["conseiller"])
    url = reverse("fiches:action_update", args=[action.pk])
    response = client.post(url, {"status": "en_cours", "progress": 30, "date": "2025-03-04", "comment": "Sans version"})
    assert response.status_code == 422
    assert REFUSED in html.unescape(response.content.decode())
    assert action.updates.count() == 0


@pytest.mark.parametrize("target", ["structure", "agrement_inline", "fiche"])
def test_admin_save_bumps_the_version_so_an_older_form_is_refused(world, target):
    from fiches.models import Fiche

    structure, agrement = world["structure"], world["agrement"]
    if target == "fiche":
        instance = Fiche.objects.get(pk=world["fiche"].pk)
        admin_url = reverse("admin:fiches_fiche_change", args=[instance.pk])
        app_url, field, typed = reverse("fiches:fiche_edit", args=[instance.pk]), "title", "Titre du conseiller"
    else:
        instance = structure if target == "structure" else agrement
        admin_url = reverse("admin:structures_structure_change", args=[structure.pk])
        app_url = reverse(
            "structures:structure_edit" if target == "structure" else "structures:agrement_edit", args=[instance.pk]
        )
        field, typed = ("name", "Centre du conseiller") if target == "structure" else ("comment", "Note du conseiller")
    stale_client, stale_data = _open(world, "admin", app_url)  # opened before the admin's save

    admin_client, admin_data = _open(world, "admin", admin_url)
    if target == "agrement_inline":
        index = next(key.split("-")[1] for key, value in admin_data.items() if key.endswith("-id") and value == str(agrement.pk))
        admin_data[f"agrements-{index}-comment"] = "Écrit dans l'admin"
    else:
        admin_data["title" if target == "fiche" else "name"] = "Écrit dans l'admin"
    saved = admin_client.post(admin_url, admin_data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    instance.refresh_from_db()
    assert instance.version == 2

    refused = stale_client.post(app_url, {**stale_data, field: typed})
    assert REFUSED in html.unescape(refused.content.decode())
    instance.refresh_from_db()
    written = {"structure": "name", "agrement_inline": "comment", "fiche": "title"}[target]
    assert getattr(instance, written) == "Écrit dans l'admin"


def test_schema_edit_stale_save_refused(world):
    schema = world["schema"]
    url = reverse("fiches:schema_edit", args=[schema.pk])
    _second, _data, page = _race(world, "admin", "admin", url, "title", "Schéma revu", "Schéma réécrit")
    assert "intitulé : « " in page and "» → « Schéma revu »" in page
    schema.refresh_from_db()
    assert (schema.title, schema.version) == ("Schéma revu", 2)


def test_schema_axes_stale_save_refused(world):
    schema = world["schema"]
    url = reverse("fiches:schema_axes", args=[schema.pk])
    _race(world, "admin", "admin", url, "axes-0-title", "Axe revu", "Axe réécrit")
    assert schema.axes.get(number=1).title == "Axe revu"


def test_axis_orientations_stale_save_refused(world):
    axis = world["axis"]
    url = reverse("fiches:axis_orientations", args=[axis.pk])
    _race(world, "admin", "admin", url, "orientations-0-title", "Orientation revue", "Orientation réécrite")
    assert axis.orientations.get(number="1.1").title == "Orientation revue"


def test_user_role_stale_save_refused(world):
    person = world["conseiller"]
    url = reverse("comptes:user_edit", args=[person.pk])
    first, first_data = _open(world, "admin", url)
    second, second_data = _open(world, "admin", url)
    saved = first.post(url, {**first_data, "role": "directeur", "structures": [world["structure"].pk]})
    assert saved.status_code == 302

    refused = second.post(url, {**second_data, "role": "admin"})

    page = html.unescape(refused.content.decode())
    assert refused.status_code == 422
    assert REFUSED in page
    assert "rôle : « Conseiller Caf » → « Directeur de structure »" in page
    assert '<option value="admin" selected>' in page  # the second administrateur's choice stays in the form
    person.refresh_from_db()
    assert (person.role, person.version, list(person.structures.all())) == ("directeur", 2, [world["structure"]])


@pytest.mark.parametrize("target", ["axis", "orientation"])
def test_admin_edit_of_an_axis_or_orientation_makes_the_schema_pages_opened_before_stale(world, target):
    schema, axis = world["schema"], world["axis"]
    if target == "axis":
        instance, app_url, field = axis, reverse("fiches:schema_axes", args=[schema.pk]), "axes-0-title"
    else:
        instance = axis.orientations.get(number="1.1")
        app_url, field = reverse("fiches:axis_orientations", args=[axis.pk]), "orientations-0-title"
    stale_client, stale_data = _open(world, "admin", app_url)  # opened before the admin's save

    admin_url = reverse(f"admin:fiches_{target}_change", args=[instance.pk])
    admin_client, admin_data = _open(world, "admin", admin_url)
    saved = admin_client.post(admin_url, {**admin_data, "title": "Écrit dans l'admin"})
    assert saved.status_code == 302, saved.content.decode()[:3000]

    refused = stale_client.post(app_url, {**stale_data, field: "Écrit dans l'application"})
    assert REFUSED in html.unescape(refused.content.decode())
    instance.refresh_from_db()
    assert instance.title == "Écrit dans l'admin"


def test_admin_deletion_of_an_axis_makes_the_schema_page_opened_before_stale(world):
    schema = world["schema"]
    extra = schema.axes.create(number=9, title="Axe de trop")
    app_url = reverse("fiches:schema_axes", args=[schema.pk])
    stale_client, stale_data = _open(world, "admin", app_url)

    admin_client = Client()
    admin_client.force_login(world["admin"])
    deleted = admin_client.post(reverse("admin:fiches_axis_delete", args=[extra.pk]), {"post": "yes"})
    assert deleted.status_code == 302

    refused = stale_client.post(app_url, stale_data)
    assert REFUSED in html.unescape(refused.content.decode())
