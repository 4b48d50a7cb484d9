"""Who reaches which page of the fiches app: every view, every role."""

import pytest
from django.urls import reverse

from fiches.enums import ActionStatus
from fiches.models import ActionUpdate

from .factories import LOGIN_URL, client_for

READERS = {"admin": 200, "conseiller": 200, "other_conseiller": 403, "directeur_a": 200, "directeur_b": 403, "partenaire": 200}
WRITERS = {"admin": 200, "conseiller": 200, "other_conseiller": 403, "directeur_a": 403, "directeur_b": 403, "partenaire": 403}
ROLES = [*READERS, "anonymous"]


def _get(client, people, role, url):
    response = client_for(client, people[role]).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
    return response


@pytest.mark.parametrize("role", ROLES)
def test_schema_list_by_role(client, people, schema, role):
    response = _get(client, people, role, reverse("fiches:schema_list"))
    if role == "anonymous":
        return
    assert response.status_code == 200
    shown = [item.pk for item in response.context["schemas"]]
    expected = {
        "admin": 2,
        "partenaire": 2,
        "conseiller": 1,
        "other_conseiller": 1,
        "directeur_a": 1,
        "directeur_b": 1,
    }[role]
    assert len(shown) == expected


@pytest.mark.parametrize("role", ROLES)
def test_schema_detail_by_role(client, people, schema, action, role):
    response = _get(client, people, role, reverse("fiches:schema_detail", args=[schema.pk]))
    if role != "anonymous":
        assert response.status_code == READERS[role]


@pytest.mark.parametrize("role", ROLES)
def test_fiche_detail_by_role(client, people, fiche, action, role):
    response = _get(client, people, role, reverse("fiches:fiche_detail", args=[fiche.pk]))
    if role == "anonymous":
        return
    assert response.status_code == READERS[role]
    if response.status_code == 200:
        # The update form appears only for those who may record an update.
        assert response.context["can_update"] is (role in ("admin", "conseiller"))
        assert (b'name="progress"' in response.content) is (role in ("admin", "conseiller"))


@pytest.mark.parametrize("role", ROLES)
def test_action_detail_by_role(client, people, action, role):
    response = _get(client, people, role, reverse("fiches:action_detail", args=[action.pk]))
    if role != "anonymous":
        assert response.status_code == READERS[role]


@pytest.mark.parametrize("role", ROLES)
def test_action_list_by_role(client, people, action, role):
    response = _get(client, people, role, reverse("fiches:action_list"))
    if role == "anonymous":
        return
    assert response.status_code == 200
    assert response.context["page"].paginator.count == (1 if READERS[role] == 200 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_action_update_by_role(client, people, action, role):
    data = {"status": ActionStatus.EN_COURS, "progress": 30, "date": "2025-02-03", "comment": "Lancée", "version": 1}
    response = client_for(client, people[role]).post(reverse("fiches:action_update", args=[action.pk]), data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
        assert ActionUpdate.objects.count() == 0
        return
    expected = 302 if WRITERS[role] == 200 else 403
    assert response.status_code == expected
    assert ActionUpdate.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_fiche_edit_by_role(client, people, fiche, role):
    response = _get(client, people, role, reverse("fiches:fiche_edit", args=[fiche.pk]))
    if role != "anonymous":
        # The conseiller of the schéma does not follow this fiche: they do not pilot it.
        assert response.status_code == (200 if role == "admin" else 403)


def test_fiche_edit_conseiller_who_follows(client, people, fiche):
    fiche.followers.add(people["conseiller"])
    response = client_for(client, people["conseiller"]).get(reverse("fiches:fiche_edit", args=[fiche.pk]))
    assert response.status_code == 200
    # Only administrators choose who follows a fiche.
    assert "followers" not in response.context["form"].fields


@pytest.mark.parametrize("role", ROLES)
def test_fiche_create_by_role(client, people, schema, role):
    response = _get(client, people, role, reverse("fiches:fiche_create", args=[schema.pk]))
    if role != "anonymous":
        assert response.status_code == {"admin": 200, "other_conseiller": 403, "directeur_b": 403}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_action_export_by_role(client, people, schema, action, role):
    response = _get(client, people, role, reverse("fiches:action_export", args=[schema.pk, "csv"]))
    if role != "anonymous":
        assert response.status_code == READERS[role]


@pytest.mark.parametrize("role", ROLES)
def test_action_import_by_role(client, people, schema, role):
    response = _get(client, people, role, reverse("fiches:action_import", args=[schema.pk]))
    if role != "anonymous":
        assert response.status_code == WRITERS[role]


def test_action_update_refusal_is_french(client, people, action):
    response = client_for(client, people["partenaire"]).post(reverse("fiches:action_update", args=[action.pk]), {})
    assert response.status_code == 403
    assert "Seuls les administrateurs et les conseillers Caf de ce schéma" in response.content.decode()
