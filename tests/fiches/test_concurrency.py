"""No lost update: two people edit the same fiche or action; the second save, made from stale data, is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from core.concurrency import StaleObjectError, changes_since, lock_version
from fiches.enums import ActionStatus
from fiches.models import Fiche


def _fiche_post_data(page):
    """The fiche form as the browser would send it back: every field with its initial value."""
    form, formsets = page.context["form"], page.context["formsets"]
    data = {}
    for bound in [form, *(f for formset in formsets for f in [formset.management_form, *formset.forms])]:
        for field in bound:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


@pytest.fixture
def two_clients(admin_user, conseiller, fiche):
    fiche.followers.add(conseiller)
    first, second = Client(), Client()
    first.force_login(admin_user)
    second.force_login(conseiller)
    return first, second


def test_fiche_edit_second_stale_save_refused(two_clients, fiche):
    first, second = two_clients
    url = reverse("fiches:fiche_edit", args=[fiche.pk])
    data_first = _fiche_post_data(first.get(url))
    data_second = _fiche_post_data(second.get(url))
    assert data_first["version"] == data_second["version"] == "1"

    data_first["diagnostic"] = "Diagnostic revu par l'administrateur"
    assert first.post(url, data_first).status_code == 302

    data_second["publics"] = "Les habitants des QPV"
    response = second.post(url, data_second)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0].startswith("Quelqu'un d'autre a enregistré une modification de « PA 2.1.2")
    assert "diagnostic : « (vide) » → « Diagnostic revu par l'administrateur »" in errors
    # The person's input is kept, and the version moves on so that a deliberate second save goes through.
    assert response.context["form"]["publics"].value() == "Les habitants des QPV"
    assert response.context["form"]["version"].value() == 2
    fiche.refresh_from_db()
    assert (fiche.diagnostic, fiche.publics, fiche.version) == ("Diagnostic revu par l'administrateur", "", 2)

    data_second["version"] = "2"
    assert second.post(url, data_second).status_code == 302
    fiche.refresh_from_db()
    assert (fiche.publics, fiche.version) == ("Les habitants des QPV", 3)


def test_action_update_second_stale_save_refused(admin_user, conseiller, action):
    first, second = Client(), Client()
    first.force_login(admin_user)
    second.force_login(conseiller)
    url = reverse("fiches:action_update", args=[action.pk])
    seen = {"date": "2025-03-04", "comment": "", "version": 1}
    response = first.post(url, {**seen, "status": ActionStatus.EN_COURS, "progress": 30})
    assert response.status_code == 302

    response = second.post(url, {**seen, "status": ActionStatus.REALISEE, "progress": 100, "comment": "Fini"})
    assert response.status_code == 422
    errors = response.context["form"].non_field_errors()
    assert "statut : « À venir » → « En cours »" in errors
    assert "avancement (%) : « 0 » → « 30 »" in errors
    assert response.context["form"]["comment"].value() == "Fini"
    action.refresh_from_db()
    assert (action.status, action.progress, action.updates.count()) == (ActionStatus.EN_COURS, 30, 1)


def test_lock_version_raises_on_stale_version(fiche):
    fiche.diagnostic = "Nouveau"
    fiche.version = 2
    fiche.save()
    with pytest.raises(StaleObjectError) as error:
        lock_version(Fiche, fiche.pk, expected_version=1)
    assert [(change.field, change.before, change.after) for change in error.value.changes] == [
        ("diagnostic", "(vide)", "Nouveau")
    ]
    assert lock_version(Fiche, fiche.pk, expected_version=2) == fiche


def test_changes_since_without_history_is_empty(fiche):
    fiche.history.all().delete()
    assert changes_since(fiche, 1) == []
