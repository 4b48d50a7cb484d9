"""Every URL of the app for every role, and a director's isolation: never another structure's values,
whatever the IDs in the URL or in the posted form."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from indicateurs.enums import IndicatorKind, ValueStatus
from indicateurs.models import CampaignEvent, IndicatorValue
from tests import factories

from .conftest import make_values, post_data

pytestmark = pytest.mark.django_db

ROLES = ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b", "partenaire"]


@pytest.fixture
def world(users, campaign, indicators, structure_a, structure_b, fiche):
    values_b = make_values(campaign, structure_b, indicators, status=ValueStatus.SUBMITTED, text={"text": "Secret de B"})
    return {
        "campaign": campaign,
        "a": structure_a,
        "b": structure_b,
        "value_b": values_b[0],
        "schema": campaign.schema,
        "fiche": fiche,
        "indicator": indicators["count"],
    }


# (URL name, args from the world, roles that get 200; the others get 403)
EVERYONE = set(ROLES) - {"conseiller_94"}
CAF = {"admin", "conseiller"}
GET_PAGES = [
    ("indicator_list", lambda w: [], set(ROLES)),
    ("results", lambda w: [w["schema"].pk], EVERYONE),
    ("campaign_list", lambda w: [], set(ROLES)),
    ("campaign_detail", lambda w: [w["campaign"].pk], EVERYONE),
    ("completeness", lambda w: [w["campaign"].pk], EVERYONE),
    ("entry", lambda w: [w["campaign"].pk, w["a"].pk], CAF | {"directeur_a"}),
    ("entry", lambda w: [w["campaign"].pk, w["b"].pk], CAF | {"directeur_b"}),
    ("schema_values", lambda w: [w["campaign"].pk], CAF),
    ("validation", lambda w: [w["campaign"].pk], CAF),
    ("validation_structure", lambda w: [w["campaign"].pk, w["b"].pk], CAF),
    ("export", lambda w: [w["campaign"].pk, "csv"], CAF),
    ("export", lambda w: [w["campaign"].pk, "xlsx"], CAF),
    ("import", lambda w: [w["campaign"].pk], {"admin"}),
    ("indicator_edit", lambda w: [w["indicator"].pk], {"admin"}),
    ("indicator_create", lambda w: [w["fiche"].pk], {"admin"}),
    ("campaign_create", lambda w: [], {"admin"}),
    ("campaign_close", lambda w: [w["campaign"].pk], {"admin"}),
]


@pytest.mark.parametrize(("name", "args", "allowed"), GET_PAGES, ids=[f"{p[0]}-{i}" for i, p in enumerate(GET_PAGES)])
@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(client, users, world, name, args, allowed, role):
    client.force_login(users[role])

    response = client.get(reverse(f"indicateurs:{name}", args=args(world)))

    assert response.status_code == (200 if role in allowed else 403)
    if response.status_code == 403:
        assert "Motif :" in response.content.decode()


@pytest.mark.parametrize(("name", "args", "allowed"), GET_PAGES, ids=[f"{p[0]}-{i}" for i, p in enumerate(GET_PAGES)])
def test_page_anonymous_redirects_to_login(client, world, name, args, allowed):
    url = reverse(f"indicateurs:{name}", args=args(world))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


POSTS = [
    ("campaign_open", lambda w: [w["campaign"].pk], {}),
    ("campaign_close", lambda w: [w["campaign"].pk], {"confirme": "oui"}),
    ("campaign_extend", lambda w: [w["campaign"].pk], {"closes_on": "2027-06-30", "reason": "Retard"}),
    ("campaign_remind", lambda w: [w["campaign"].pk], {"structure": ["1", "2"]}),
    ("validate_value", lambda w: [w["value_b"].pk], {}),
    ("campaign_reopen", lambda w: [w["campaign"].pk], {}),
    ("return_value", lambda w: [w["value_b"].pk], {"comment": "À revoir"}),
    ("validation_structure", lambda w: [w["campaign"].pk, w["b"].pk], {}),
]


@pytest.mark.parametrize(("name", "args", "data"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["conseiller_94", "directeur_a", "directeur_b", "partenaire"])
def test_post_actions_refused(client, users, world, name, args, data, role):
    client.force_login(users[role])
    before = list(IndicatorValue.objects.values_list("pk", "status", "return_comment"))
    status, closes_on = world["campaign"].status, world["campaign"].closes_on

    response = client.post(reverse(f"indicateurs:{name}", args=args(world)), data)

    assert response.status_code == 403
    assert list(IndicatorValue.objects.values_list("pk", "status", "return_comment")) == before
    world["campaign"].refresh_from_db()
    assert world["campaign"].status == status
    assert world["campaign"].closes_on == closes_on
    assert not CampaignEvent.objects.exists()
    assert mail.outbox == []


def test_director_cannot_read_other_structure_entry(client, users, world):
    client.force_login(users["directeur_a"])

    response = client.get(reverse("indicateurs:entry", args=[world["campaign"].pk, world["b"].pk]))

    assert response.status_code == 403
    content = response.content.decode()
    assert "Cette structure n&#x27;est pas la vôtre." in content
    assert "Secret de B" not in content


def test_director_cannot_post_into_other_structure(client, users, world, indicators):
    client.force_login(users["directeur_a"])
    url = reverse("indicateurs:entry", args=[world["campaign"].pk, world["b"].pk])

    response = client.post(url, {**post_data(indicators, count="999"), "brouillon": ""})

    assert response.status_code == 403
    assert IndicatorValue.objects.get(structure=world["b"], indicator=indicators["count"]).number == Decimal(12)


@pytest.mark.parametrize("offset", [1, 2, 1000])
def test_director_guessed_structure_ids(client, users, world, offset):
    client.force_login(users["directeur_a"])

    response = client.get(reverse("indicateurs:entry", args=[world["campaign"].pk, world["a"].pk + offset]))

    assert response.status_code in (403, 404)
    assert "Secret de B" not in response.content.decode()


def test_director_guessed_campaign_id(client, users, world):
    client.force_login(users["directeur_a"])

    response = client.get(reverse("indicateurs:entry", args=[world["campaign"].pk + 1, world["a"].pk]))

    assert response.status_code == 404


def test_director_posted_structure_and_foreign_indicator_are_ignored(client, users, world, indicators):
    other_schema = factories.SchemaFactory(slug="autre", department_code="69")
    foreign = factories.IndicatorFactory(
        fiche=factories.FicheFactory(orientation__axis__schema=other_schema), kind=IndicatorKind.INTEGER
    )
    client.force_login(users["directeur_a"])
    url = reverse("indicateurs:entry", args=[world["campaign"].pk, world["a"].pk])
    data = {
        **post_data(indicators, count="3"),
        f"valeur-{foreign.pk}": "77",
        f"valeur-{indicators['schema_wide'].pk}": "55",
        "structure": world["b"].pk,
        "structure_id": world["b"].pk,
        "brouillon": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(IndicatorValue.objects.filter(structure=world["a"]).values_list("indicator_id", "number")) == [
        (indicators["count"].pk, Decimal(3))
    ]
    assert not IndicatorValue.objects.filter(indicator=foreign).exists()
    assert not IndicatorValue.objects.filter(indicator=indicators["schema_wide"]).exists()
    assert IndicatorValue.objects.get(structure=world["b"], indicator=indicators["count"]).number == Decimal(12)


def test_director_cannot_return_own_or_other_values(client, users, world):
    for role in ("directeur_a", "directeur_b"):
        client.force_login(users[role])

        response = client.post(reverse("indicateurs:return_value", args=[world["value_b"].pk]), {"comment": "x"})

        assert response.status_code == 403
    world["value_b"].refresh_from_db()
    assert world["value_b"].status == ValueStatus.SUBMITTED


def test_director_results_page_hides_other_structures_answers(client, users, world):
    client.force_login(users["directeur_a"])

    content = client.get(reverse("indicateurs:results", args=[world["schema"].pk])).content.decode()

    assert "Secret de B" not in content
    assert "Réponses libres des structures" not in content


def test_conseiller_results_page_lists_answers(client, users, world):
    client.force_login(users["conseiller"])

    content = client.get(reverse("indicateurs:results", args=[world["schema"].pk]) + "?annee=2025").content.decode()

    assert "Réponses libres des structures (2025)" in content
    assert "Secret de B" in content


def test_director_guessed_value_id_for_return(client, users, world):
    client.force_login(users["directeur_a"])

    response = client.post(reverse("indicateurs:return_value", args=[world["value_b"].pk + 500]), {"comment": "x"})

    assert response.status_code == 404


def test_entry_of_structure_outside_schema_department_is_refused(client, users, world):
    structure_94 = factories.StructureFactory(
        commune=factories.CommuneFactory(insee_code="94028", department_code="94", department_name="Val-de-Marne")
    )
    client.force_login(users["admin"])

    response = client.get(reverse("indicateurs:entry", args=[world["campaign"].pk, structure_94.pk]))

    assert response.status_code == 403
    assert "Cette structure ne relève pas du département de ce schéma." in response.content.decode()
