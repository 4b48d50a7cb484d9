"""The header's search (/recherche/): each kind of result within the person's scope, accents and case forgiven."""

import pytest
from django.db import connection
from django.urls import reverse

from comptes.models import User
from core.search import contains
from fiches.models import Action, Fiche
from portail.search import LIMIT
from structures.models import Commune, Organisation, Structure
from tests import factories

SEARCH = reverse("search")

STRUCTURE_A = "MARQ-STRUCT-A"
STRUCTURE_B = "MARQ-STRUCT-B"
STRUCTURE_94 = "MARQ-STRUCT-94"
FICHE_69 = "MARQ-FICHE-69"
FICHE_94 = "MARQ-FICHE-94"
ACTION_69 = "MARQ-ACTION-69"
ACTION_94 = "MARQ-ACTION-94"
ORGANISATION = "MARQ-ORG"
PERSON = "MARQ-PERSONNE"
MARKERS = {STRUCTURE_A, STRUCTURE_B, STRUCTURE_94, FICHE_69, FICHE_94, ACTION_69, ACTION_94, ORGANISATION, PERSON}

# What each role finds with « venissieux »: the files it may open, nothing else.
VISIBLE = {
    "admin": MARKERS,
    "partner": MARKERS - {PERSON},
    # The Rhône's conseiller: the Rhône's structures and schéma, the directory.
    "cons": {STRUCTURE_A, STRUCTURE_B, FICHE_69, ACTION_69, ORGANISATION},
    # A director: their own structure and the schéma of their département; no other structure, no directory.
    "dir_a": {STRUCTURE_A, FICHE_69, ACTION_69},
}


@pytest.fixture
def world(db):
    venissieux = factories.CommuneFactory(insee_code="69259", name="Vénissieux")
    creteil = factories.CommuneFactory(insee_code="94028", name="Créteil", department_code="94", department_name="Val-de-Marne")
    structure_a = factories.StructureFactory(name=f"Centre social {STRUCTURE_A}", commune=venissieux)
    factories.StructureFactory(name=f"Espace {STRUCTURE_B}", commune=venissieux)
    factories.StructureFactory(name=f"Centre de Vénissieux {STRUCTURE_94}", commune=creteil)
    schema_69 = factories.SchemaFactory(slug="rhone")
    schema_94 = factories.SchemaFactory(slug="val-de-marne", department_code="94", department_name="Val-de-Marne")
    for schema, fiche_marker, action_marker in ((schema_69, FICHE_69, ACTION_69), (schema_94, FICHE_94, ACTION_94)):
        fiche = factories.FicheFactory(orientation__axis__schema=schema, title=f"Vivre ensemble à Vénissieux {fiche_marker}")
        factories.ActionFactory(fiche=fiche, number=1, text=f"Atelier à VÉNISSIEUX {action_marker}")
    factories.OrganisationFactory(name=f"Ville de Vénissieux {ORGANISATION}")
    factories.PartenaireFactory(email="personne@exemple.fr", last_name=f"Vénissieux {PERSON}")
    return {
        "admin": factories.AdminFactory(email="admin@exemple.fr"),
        "partner": factories.PartenaireFactory(email="partenaire@exemple.fr"),
        "cons": factories.ConseillerFactory(email="conseiller@exemple.fr", schemas=[schema_69]),
        "dir_a": factories.DirecteurFactory(email="directeur.a@exemple.fr", structures=[structure_a]),
    }


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_search_finds_only_what_the_role_may_open(client, world, role):
    client.force_login(world[role])

    response = client.get(SEARCH, {"q": "venissieux"})

    content = response.content.decode()
    assert response.status_code == 200
    assert {marker for marker in MARKERS if marker in content} == VISIBLE[role]


def test_search_groups_results_by_kind_with_links(client, world):
    client.force_login(world["cons"])

    response = client.get(SEARCH, {"q": "Vénissieux"})

    groups = {group.label: [result.title for result in group.results] for group in response.context["groups"]}
    assert list(groups) == ["Structures", "Fiches-actions", "Actions", "Organisations"]
    assert groups["Structures"] == [f"Centre social {STRUCTURE_A}", f"Espace {STRUCTURE_B}"]
    assert groups["Actions"] == [f"Action 1 - Atelier à VÉNISSIEUX {ACTION_69}"]


def test_search_results_open_their_rows(client, world):
    client.force_login(world["admin"])

    response = client.get(SEARCH, {"q": "venissieux"})

    urls = {group.label: [result.url for result in group.results] for group in response.context["groups"]}
    structures = Structure.objects.search("venissieux").in_french_order()
    assert urls["Structures"] == [reverse("structures:structure_detail", args=[s.pk]) for s in structures]
    assert urls["Fiches-actions"] == [
        reverse("fiches:fiche_detail", args=[f.pk]) for f in Fiche.objects.order_by("schema__department_code")
    ]
    assert urls["Actions"] == [
        reverse("fiches:action_detail", args=[a.pk]) for a in Action.objects.order_by("fiche__schema__department_code")
    ]
    assert urls["Organisations"] == [
        reverse("structures:organisation_detail", args=[Organisation.objects.get(name__contains=ORGANISATION).pk])
    ]
    assert urls["Utilisateurs"] == [reverse("admin:comptes_user_change", args=[User.objects.get(last_name__contains=PERSON).pk])]


@pytest.mark.parametrize("query", ["", "   ", "v", "é "])
def test_search_too_short_says_so_in_french(client, world, query):
    client.force_login(world["admin"])

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert response.context["groups"] == []
    content = response.content.decode()
    assert ("Saisissez au moins 2 caractères" in content) == bool(query.strip())
    assert not any(marker in content for marker in MARKERS)


def test_search_with_nothing_found_says_so(client, world):
    client.force_login(world["dir_a"])

    response = client.get(SEARCH, {"q": "créteil"})

    assert "Aucun résultat pour « créteil » dans votre périmètre." in response.content.decode()


def test_search_shows_the_first_results_and_a_link_to_the_list(client, world):
    factories.StructureFactory.create_batch(LIMIT, name="Maison de quartier Vénissieux")
    client.force_login(world["admin"])

    response = client.get(SEARCH, {"q": "vénissieux"})

    (structures,) = [group for group in response.context["groups"] if group.label == "Structures"]
    assert len(structures.results) == LIMIT
    assert structures.more
    assert f'href="{reverse("structures:structure_list")}?q=v%C3%A9nissieux"' in response.content.decode()


def test_search_lists_accounts_in_the_french_order_of_the_accounts_list(client, world):
    for first_name, last_name in [("Zoé", "Eymard"), ("Paul", "dupont"), ("Anne", "Éluard"), ("Léa", "Éluard")]:
        factories.PartenaireFactory(first_name=first_name, last_name=last_name, email=f"{first_name}@lignee.fr")
    client.force_login(world["admin"])

    response = client.get(SEARCH, {"q": "lignee"})

    (users,) = [group for group in response.context["groups"] if group.label == "Utilisateurs"]
    assert [result.title for result in users.results] == ["Paul dupont", "Anne Éluard", "Léa Éluard", "Zoé Eymard"]


def test_search_query_budget(client, world, django_assert_max_num_queries):
    client.force_login(world["admin"])
    client.get(SEARCH, {"q": "venissieux"})

    with django_assert_max_num_queries(15):
        response = client.get(SEARCH, {"q": "venissieux"})

    assert len(response.context["groups"]) == 5


def test_header_search_box_on_every_logged_in_page(client, world):
    client.force_login(world["dir_a"])

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert f'action="{SEARCH}"' in content
    assert 'name="q"' in content


def test_search_finds_rows_written_in_bulk_and_renamed_by_update(client, world):
    # The folded names are stored: whatever writes the rows (bulk_create, update()) must keep them right.
    commune = factories.CommuneFactory(insee_code="69388", name="Lyon 8e Arrondissement")
    Structure.objects.bulk_create([factories.StructureFactory.build(name="Maison des Œuvres", commune=commune)])
    Commune.objects.filter(pk=commune.pk).update(name="Mermoz-Élysée")
    client.force_login(world["admin"])

    def structures_found(text):
        response = client.get(SEARCH, {"q": text})
        (group,) = [group for group in response.context["groups"] if group.label == "Structures"]
        return [result.title for result in group.results]

    assert structures_found("oeuvres") == ["Maison des Œuvres"]
    assert structures_found("elysee mermoz") == ["Maison des Œuvres"]
    assert structures_found("arrondissement") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index trigrammes : PostgreSQL seulement")
@pytest.mark.parametrize(
    ("model", "column"),
    [
        (Structure, "folded_name"),
        (Structure, "commune_folded_name"),
        (Organisation, "search_text"),
        (Fiche, "search_text"),
        (Action, "search_text"),
        (User, "search_text"),
    ],
)
def test_searched_columns_have_trigram_indexes_on_postgresql(db, model, column):
    sql, params = model.objects.filter(contains(column)("venissieux")).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # The test tables are tiny: left only bitmap scans, which need an index condition, the plan shows
        # whether an index can answer the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert f"{model._meta.db_table}_{column}_trgm" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index trigrammes : PostgreSQL seulement")
@pytest.mark.parametrize(
    ("model", "column"),
    [
        (Structure, "folded_name"),
        (Structure, "commune_folded_name"),
        (Organisation, "search_text"),
        (Fiche, "search_text"),
        (Action, "search_text"),
        (User, "search_text"),
    ],
)
def test_trigram_indexes_take_new_rows_without_a_pending_list(db, model, column):
    # A pending list is read in full by every search until a VACUUM: after a bulk write, the whole table.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [f"{model._meta.db_table}_{column}_trgm"])
        (options,) = cursor.fetchone()

    assert "fastupdate=off" in (options or [])
