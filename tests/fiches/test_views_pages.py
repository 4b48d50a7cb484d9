"""What the fiches pages show and do, and what they cost in SQL queries."""

import datetime

import pytest
from django.urls import reverse

from fiches.enums import ActionStatus
from fiches.models import Action, ActionUpdate
from fiches.services import record_update
from tests import factories

from .factories import build_big_schema

RULE = " « Réalisée » correspond à 100 % et 100 % à « Réalisée » ; « À venir » correspond à 0 %."


@pytest.fixture
def conseiller_client(client, conseiller):
    client.force_login(conseiller)
    return client


def test_schema_detail_shows_tree_progress_and_late_actions(conseiller_client, schema, fiche, action):
    late = factories.ActionFactory(fiche=fiche, number=2, text="Ouvrir un lieu", first_year=2022, last_year=2023)
    record_update(action=action, author=None, status=ActionStatus.EN_COURS, progress=40, date=datetime.date(2025, 1, 6))
    response = conseiller_client.get(reverse("fiches:schema_detail", args=[schema.pk]))
    assert response.status_code == 200
    assert list(response.context["late_actions"]) == [late]
    axis_node = response.context["tree"][0]
    assert axis_node.fiches[0].progress == 20  # (40 + 0) / 2
    assert axis_node.progress == 20
    content = response.content.decode()
    assert "PA 2.1.2 — Promouvoir les expérimentations" in content
    assert "Pilote : Caf du Rhône" in content
    assert "Actions en retard (1)" in content


def test_fiche_detail_sections_in_seed_order(conseiller_client, fiche, action):
    response = conseiller_client.get(reverse("fiches:fiche_detail", args=[fiche.pk]))
    content = response.content.decode()
    titles = [
        "Diagnostic",
        "Définitions et principes d'action",
        "Publics et territoires",
        "Pilotage / coordination",
        "Partenaires impliqués",
        "Ressources et financements",
        "Actions",
        "Échéances",
        "Résultats attendus",
        "Indicateurs d'évaluation",
    ]
    positions = [content.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)


def test_action_update_from_fiche_page_without_javascript(conseiller_client, conseiller, fiche, action):
    url = reverse("fiches:action_update", args=[action.pk])
    data = {"status": ActionStatus.EN_COURS, "progress": 55, "date": "2025-03-04", "comment": "Trois projets", "version": 1}
    response = conseiller_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("fiches:fiche_detail", args=[fiche.pk]) + f"#action-{action.pk}"
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.EN_COURS, 55)
    update = action.last_update
    assert (update.author, update.date, update.comment) == (conseiller, datetime.date(2025, 3, 4), "Trois projets")
    page = conseiller_client.get(reverse("fiches:fiche_detail", args=[fiche.pk])).content.decode()
    assert "Mise à jour de l&#x27;action 1 enregistrée." in page
    assert "Trois projets" in page


def test_action_update_with_htmx_returns_the_row(conseiller_client, action):
    url = reverse("fiches:action_update", args=[action.pk])
    data = {"status": ActionStatus.REALISEE, "progress": 100, "date": "2025-03-04", "comment": "", "version": 1}
    response = conseiller_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "fiches/includes/action_row.html"
    content = response.content.decode()
    assert f'id="action-{action.pk}"' in content
    assert "Mise à jour de l&#x27;action 1 enregistrée." in content
    assert ActionUpdate.objects.get().progress == 100


def _htmx_targets_missing(page):
    """The hx-target ids of a page that no element of the page carries (htmx:targetError in a browser)."""
    import re

    ids = set(re.findall(r'\sid="([^"]+)"', page))
    return [target for target in re.findall(r'hx-target="#([^"]+)"', page) if target not in ids]


def test_every_page_with_the_progress_form_targets_an_element_it_holds(conseiller_client, action):
    detail = conseiller_client.get(reverse("fiches:action_detail", args=[action.pk])).content.decode()
    fiche_page = conseiller_client.get(reverse("fiches:fiche_detail", args=[action.fiche_id])).content.decode()
    invalid = conseiller_client.post(
        reverse("fiches:action_update", args=[action.pk]),
        {"status": ActionStatus.EN_COURS, "progress": 120, "date": "2025-03-04", "version": 1, "next": "action"},
    )
    assert invalid.status_code == 422
    for page in (detail, fiche_page, invalid.content.decode()):
        assert 'action="/schemas/actions/' in page
        assert _htmx_targets_missing(page) == []
        assert "{#" not in page and "{% " not in page  # no template comment or tag shown as text
    assert f'hx-target="#action-{action.pk}"' in fiche_page


def test_action_update_with_htmx_refreshes_the_fiche_progress(conseiller_client, fiche, action):
    factories.ActionFactory(fiche=fiche, number=2, text="Ouvrir un lieu", first_year=2022, last_year=2023)
    url = reverse("fiches:action_update", args=[action.pk])
    data = {"status": ActionStatus.EN_COURS, "progress": 40, "date": "2025-03-04", "comment": "", "version": 1}
    content = conseiller_client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    assert '<span id="fiche-progress" hx-swap-oob="true">' in content
    assert '<progress max="100" value="20" aria-label="Avancement de la fiche">' in content  # (40 + 0) / 2


def test_ids_in_the_page_are_never_grouped_like_figures(conseiller_client, action):
    """An id over 999 in an anchor or an htmx target: "action-3408", not "action-3 408" (French grouping)."""
    from fiches.models import Action

    Action.objects.filter(pk=action.pk).update(id=123456)
    ActionUpdate.objects.filter(action_id=action.pk).update(action_id=123456)

    page = conseiller_client.get(reverse("fiches:fiche_detail", args=[action.fiche_id])).content.decode()

    assert 'id="action-123456"' in page
    assert 'hx-target="#action-123456"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"progress": 120}, "progress", "L'avancement est un pourcentage entre 0 et 100."),
        ({"status": "fini"}, "status", "Sélectionnez un choix valide. fini n’en fait pas partie."),
        ({"date": "2019-05-01"}, "date", "La date doit se situer dans la période du schéma (2022 à 2026)."),
        (
            {"status": ActionStatus.REALISEE, "progress": 50},
            "progress",
            "Statut et avancement contradictoires : une action « Réalisée » est à 100 %, pas à 50 %." + RULE,
        ),
        (
            {"status": ActionStatus.EN_COURS, "progress": 100},
            "progress",
            "Statut et avancement contradictoires : une action à 100 % est « Réalisée », pas « En cours »." + RULE,
        ),
        (
            {"status": ActionStatus.A_VENIR, "progress": 20},
            "progress",
            "Statut et avancement contradictoires : une action « À venir » est à 0 %, pas à 20 %." + RULE,
        ),
    ],
)
def test_action_update_invalid_keeps_input(conseiller_client, action, data, field, message):
    url = reverse("fiches:action_update", args=[action.pk])
    payload = {"status": ActionStatus.EN_COURS, "progress": 50, "date": "2025-03-04", "comment": "Mon texte", "version": 1}
    payload.update(data)
    response = conseiller_client.post(url, payload)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert "Mon texte" in response.content.decode()
    assert ActionUpdate.objects.count() == 0


def test_action_detail_timeline_newest_first(conseiller_client, conseiller, action):
    record_update(action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=10, date=datetime.date(2024, 1, 1))
    record_update(action=action, author=conseiller, status=ActionStatus.EN_COURS, progress=50, date=datetime.date(2025, 1, 1))
    response = conseiller_client.get(reverse("fiches:action_detail", args=[action.pk]))
    assert [update.progress for update in response.context["updates"]] == [50, 10]


def test_action_list_filters_late_and_text(conseiller_client, fiche, action):
    late = factories.ActionFactory(fiche=fiche, number=2, text="Ouvrir un lieu", first_year=2022, last_year=2023)
    factories.ActionFactory(fiche=fiche, number=3, text="Clore", first_year=2022, last_year=2023, status=ActionStatus.REALISEE)
    response = conseiller_client.get(reverse("fiches:action_list"), {"late": "oui"})
    assert list(response.context["page"].object_list) == [late]
    response = conseiller_client.get(reverse("fiches:action_list"), {"q": "innovantes"})
    assert list(response.context["page"].object_list) == [action]
    response = conseiller_client.get(reverse("fiches:action_list"), {"status": ActionStatus.REALISEE})
    assert [item.number for item in response.context["page"].object_list] == [3]
    response = conseiller_client.get(reverse("fiches:action_list"), {"year": 2025, "order": "-number"})
    assert [item.number for item in response.context["page"].object_list] == [1]


def test_action_list_filters_pilot_and_fiche(conseiller_client, schema, fiche, action):
    other = factories.FicheFactory(orientation=fiche.orientation, code="PA 2.1.3")
    factories.ActionFactory(fiche=other, number=1)
    caf = fiche.pilots[0]
    response = conseiller_client.get(reverse("fiches:action_list"), {"pilot": caf.pk})
    assert list(response.context["page"].object_list) == [action]
    response = conseiller_client.get(reverse("fiches:action_list"), {"fiche": other.pk, "order": "progress"})
    assert [item.fiche for item in response.context["page"].object_list] == [other]


def test_action_list_bad_filter_is_french_not_500(conseiller_client, action):
    response = conseiller_client.get(reverse("fiches:action_list"), {"year": "deux-mille"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["filter"].form.errors["year"] == ["Saisissez un nombre."]


# --- Cost: a fixed number of queries on a dataset ten times the demo -----------------------------


@pytest.fixture
def big_schema(schema):
    fiches, actions = build_big_schema(schema)
    assert (len(fiches), len(actions), ActionUpdate.objects.count()) == (50, 130, 440)
    return schema, fiches, actions


def test_schema_detail_queries_do_not_grow(conseiller_client, big_schema, django_assert_max_num_queries):
    schema, _fiches, _actions = big_schema
    # The governance blocks add their late decisions and the météo of the fiches the tree has loaded.
    with django_assert_max_num_queries(15):
        response = conseiller_client.get(reverse("fiches:schema_detail", args=[schema.pk]))
    assert response.status_code == 200
    assert sum(len(axis.fiches) for axis in response.context["tree"]) == 50


def test_fiche_detail_queries_do_not_grow(conseiller_client, big_schema, django_assert_max_num_queries):
    _schema, fiches, _actions = big_schema
    # The governance block adds the decisions concerning the fiche and its météo.
    with django_assert_max_num_queries(15):
        response = conseiller_client.get(reverse("fiches:fiche_detail", args=[fiches[0].pk]))
    assert len(response.context["rows"]) == 3


def test_action_list_queries_do_not_grow(conseiller_client, big_schema, django_assert_max_num_queries):
    # 15: the person's schéma ids are read first (one query) so that the big tables filter on a list.
    with django_assert_max_num_queries(15):
        response = conseiller_client.get(reverse("fiches:action_list"), {"order": "-progress"})
    assert response.context["page"].paginator.count == 130
    assert len(response.context["page"].object_list) == 50


def test_action_detail_queries_do_not_grow(conseiller_client, big_schema, django_assert_max_num_queries):
    action = Action.objects.filter(number=1).order_by("pk").first()
    with django_assert_max_num_queries(11):
        response = conseiller_client.get(reverse("fiches:action_detail", args=[action.pk]))
    assert len(response.context["updates"]) == 4


def test_fiche_detail_shows_the_other_sections_last_and_only_when_there_are(conseiller_client, fiche, action):
    url = reverse("fiches:fiche_detail", args=[fiche.pk])
    assert ">Autres rubriques</h2>" not in conseiller_client.get(url).content.decode()
    fiche.other_sections = "BUDGET\n- Fonds de soutien : 15 000 € par an"
    fiche.save()
    content = conseiller_client.get(url).content.decode()
    assert content.index(">Indicateurs d'évaluation</h2>") < content.index(">Autres rubriques</h2>")
    assert "BUDGET\n- Fonds de soutien : 15 000 € par an" in content
