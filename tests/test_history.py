"""The "Historique" of audited objects and the administrateurs' restore of deleted ones (portail.history)."""

import pytest
from django.urls import reverse

from fiches.models import Action, Fiche
from structures.models import Funding, Structure
from tests import factories

DELETED = reverse("deleted_list")


def history_url(obj):
    return reverse("history", kwargs={"app_label": obj._meta.app_label, "model_name": obj._meta.model_name, "pk": obj.pk})


def restore_url(record):
    model = record.instance._meta
    return reverse(
        "restore_deleted", kwargs={"app_label": model.app_label, "model_name": model.model_name, "history_id": record.history_id}
    )


@pytest.fixture
def fiche(schema):
    return factories.FicheFactory(orientation__axis__schema=schema, code="PA 2.1.2", title="Promouvoir les expérimentations")


def save_as(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


# --- The history page ----------------------------------------------------------------------------


def test_history_shows_who_when_and_before_after(client, admin_user, conseiller, fiche):
    save_as(fiche, conseiller, title="Soutenir les expériences innovantes", diagnostic="Un diagnostic <b>partagé</b>")
    client.force_login(admin_user)

    response = client.get(history_url(fiche))

    assert response.status_code == 200
    latest, creation = response.context["entries"]
    assert (latest.kind_label, latest.user) == ("Modification", conseiller)
    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        ("Intitulé", "Promouvoir les expérimentations", "Soutenir les expériences innovantes"),
        ("Diagnostic", "—", "Un diagnostic <b>partagé</b>"),
    ]
    assert creation.kind_label == "Création"
    assert ("Code", "", "PA 2.1.2") in [(c.label, c.before, c.after) for c in creation.changes]
    content = response.content.decode()
    assert "Un diagnostic &lt;b&gt;partagé&lt;/b&gt;" in content
    assert "Soutenir les expériences innovantes" in content


def test_history_shows_choices_and_foreign_keys_by_their_labels(client, admin_user, structure_a):
    funding = factories.FundingFactory(structure=structure_a, amount=70000)
    caf_94 = factories.OrganisationFactory(name="Caf du Val-de-Marne")
    save_as(funding, admin_user, funder=caf_94, amount=72500.5, nature="subvention")
    client.force_login(admin_user)

    latest = client.get(history_url(funding)).context["entries"][0]

    assert {c.label: (c.before, c.after) for c in latest.changes} == {
        "Financeur": ("Caf du Rhône", "Caf du Val-de-Marne"),
        "Montant (€)": ("70\u00a0000,00", "72\u00a0500,50"),
        "Nature": ("Prestation de service AGC", "Subvention de fonctionnement"),
    }


@pytest.mark.parametrize(
    ("person", "status"),
    [("admin_user", 200), ("conseiller", 200), ("other_conseiller", 403), ("directeur_a", 200), ("partenaire", 200)],
)
def test_fiche_history_follows_the_fiche_read_rule(client, request, fiche, person, status):
    # directeur_a's structure lies in the schéma's département (69): they read its fiches.
    client.force_login(request.getfixturevalue(person))

    assert client.get(history_url(fiche)).status_code == status


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("admin_user", 200),
        ("conseiller", 200),
        ("other_conseiller", 403),
        ("directeur_a", 200),
        ("directeur_b", 403),
        ("partenaire", 403),
    ],
)
def test_structure_and_funding_history_are_private(client, request, structure_a, person, status):
    funding = factories.FundingFactory(structure=structure_a)
    client.force_login(request.getfixturevalue(person))

    assert client.get(history_url(structure_a)).status_code == status
    assert client.get(history_url(funding)).status_code == status


@pytest.mark.parametrize(
    ("person", "status"), [("admin_user", 200), ("conseiller", 403), ("directeur_a", 403), ("partenaire", 403)]
)
def test_user_history_is_for_admins(client, request, person, status, partenaire):
    client.force_login(request.getfixturevalue(person))

    assert client.get(history_url(partenaire)).status_code == status


def test_history_refusal_gives_a_french_reason(client, directeur_b, structure_a):
    client.force_login(directeur_b)

    response = client.get(history_url(structure_a))

    assert "L&#x27;historique de cet objet ne fait pas partie de votre périmètre." in response.content.decode()


def test_history_sends_anonymous_to_login(client, fiche):
    url = history_url(fiche)

    assert client.get(url)["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("app_label", "model_name"), [("structures", "commune"), ("nope", "nothing"), ("fiches", "axis")])
def test_history_of_an_unaudited_model_is_404(client, admin_user, app_label, model_name):
    client.force_login(admin_user)

    url = reverse("history", kwargs={"app_label": app_label, "model_name": model_name, "pk": 1})

    assert client.get(url).status_code == 404


def test_history_of_an_unknown_object_is_404(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("history", kwargs={"app_label": "fiches", "model_name": "fiche", "pk": 999})).status_code == 404


def test_history_query_count_does_not_grow_with_entries(client, admin_user, fiche, django_assert_max_num_queries):
    for i in range(30):
        save_as(fiche, admin_user, title=f"Intitulé {i}")
    client.force_login(admin_user)

    with django_assert_max_num_queries(12):
        response = client.get(history_url(fiche))

    assert len(response.context["entries"]) == 31


# --- Deleted objects and their restore ---------------------------------------------------------


def test_deleted_list_for_admin_shows_the_deleted_objects(client, admin_user, fiche, structure_a):
    action = factories.ActionFactory(fiche=fiche, number=1, text="Soutenir les expériences")
    funding = factories.FundingFactory(structure=structure_a)
    action_pk, funding_pk = action.pk, funding.pk
    action.delete()
    funding.delete()
    client.force_login(admin_user)

    response = client.get(DELETED)

    assert response.status_code == 200
    assert [(item.model, item.record.id) for item in response.context["records"]] == [(Funding, funding_pk), (Action, action_pk)]
    assert "Restaurer" in response.content.decode()


@pytest.mark.parametrize("person", ["conseiller", "directeur_a", "partenaire"])
def test_deleted_list_refused_to_other_roles(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(DELETED).status_code == 403


def test_restore_recreates_the_object_as_it_was(client, admin_user, structure_a):
    save_as(structure_a, admin_user, siret="12345678901234", qpv=True)
    pk = structure_a.pk
    structure_a.delete()
    record = Structure.history.get(id=pk, history_type="-")
    client.force_login(admin_user)

    response = client.post(restore_url(record), follow=True)

    assert "« Centre social A » est restauré." in response.content.decode()
    restored = Structure.objects.get(pk=pk)
    assert (restored.name, restored.siret, restored.qpv) == ("Centre social A", "12345678901234", True)
    latest = restored.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "+",
        admin_user,
        "Restauration après suppression",
    )
    assert response.context["records"] == []


def test_restore_twice_says_so(client, admin_user, structure_a):
    pk = structure_a.pk
    structure_a.delete()
    record = Structure.history.get(id=pk, history_type="-")
    client.force_login(admin_user)
    client.post(restore_url(record))

    response = client.post(restore_url(record), follow=True)

    assert "Cet objet a déjà été restauré." in response.content.decode()
    assert Structure.objects.filter(pk=pk).count() == 1


def test_restore_of_a_child_whose_parent_is_deleted_explains(client, admin_user, fiche):
    action = factories.ActionFactory(fiche=fiche)
    fiche_pk, action_pk = fiche.pk, action.pk
    fiche.delete()  # deletes the action too
    client.force_login(admin_user)

    response = client.post(restore_url(Action.history.get(id=action_pk, history_type="-")), follow=True)

    assert "son objet parent (fiche-action) a été supprimé aussi" in response.content.decode()
    assert not Action.objects.filter(pk=action_pk).exists()
    # Restoring the fiche first, then the action, works.
    client.post(restore_url(Fiche.history.get(id=fiche_pk, history_type="-")))
    client.post(restore_url(Action.history.get(id=action_pk, history_type="-")))
    assert Action.objects.get(pk=action_pk).fiche_id == fiche_pk


@pytest.mark.parametrize("person", ["conseiller", "directeur_a", "partenaire"])
def test_restore_refused_to_other_roles(client, request, person, structure_a):
    user = request.getfixturevalue(person)
    pk = structure_a.pk
    structure_a.delete()
    client.force_login(user)

    response = client.post(restore_url(Structure.history.get(id=pk, history_type="-")))

    assert response.status_code == 403
    assert not Structure.objects.filter(pk=pk).exists()


def test_restore_by_get_is_refused(client, admin_user, structure_a):
    pk = structure_a.pk
    structure_a.delete()
    client.force_login(admin_user)

    assert client.get(restore_url(Structure.history.get(id=pk, history_type="-"))).status_code == 405


def test_history_of_a_deleted_object_stays_readable_by_admin(client, admin_user, conseiller, structure_a):
    url = history_url(structure_a)
    structure_a.delete()

    client.force_login(conseiller)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["entries"][0].kind_label == "Suppression"


def test_user_history_shows_scope_changes(client, admin_user, conseiller, schema):
    schema_94 = factories.SchemaFactory(title="Schéma du Val-de-Marne", department_code="94")
    conseiller._history_user = admin_user
    conseiller.schemas.add(schema_94)
    client.force_login(admin_user)

    latest = client.get(history_url(conseiller)).context["entries"][0]

    assert [(c.label, c.before, c.after) for c in latest.changes] == [
        (
            "Schémas suivis",
            "Schéma départemental d'animation de la vie sociale (2022-2026)",
            "Schéma du Val-de-Marne (2022-2026), Schéma départemental d'animation de la vie sociale (2022-2026)",
        )
    ]


def test_convention_history_shows_its_parties(client, admin_user):
    convention = factories.ConventionFactory(title="CTG Lyon")
    convention.organisations.add(factories.OrganisationFactory(name="Caf du Rhône"))
    client.force_login(admin_user)

    latest = client.get(history_url(convention)).context["entries"][0]

    assert [(c.label, c.before, c.after) for c in latest.changes] == [("Organisations signataires", "—", "Caf du Rhône")]


def test_deleted_list_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries):
    for structure in factories.StructureFactory.create_batch(30):
        structure.delete()
    client.force_login(admin_user)

    with django_assert_max_num_queries(25):
        response = client.get(DELETED)

    assert len(response.context["records"]) == 30
