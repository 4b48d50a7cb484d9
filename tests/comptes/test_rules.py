"""Every predicate and permission of the rules modules (comptes, fiches, structures…), for every kind of person.

The world: a Rhône schéma (69) followed by `conseiller`, a Val-de-Marne schéma (94) followed by
`conseiller_94`; structures A and B in the Rhône with their directors, structure C in Val-de-Marne;
a partner; an inactive conseiller of the Rhône schéma; an anonymous visitor.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from comptes import rules as r
from core.access import get_object_for_user, refusal
from fiches.models import Schema
from fiches.rules import can_read_schema
from structures.models import Convention, Structure
from tests import factories
from tests.worlds import EVERY_ROLE, cast

PEOPLE = [
    "admin",
    "conseiller",
    "conseiller_94",
    "directeur_a",
    "directeur_b",
    "partenaire",
    "inactive_conseiller",
    "anonymous",
]


@pytest.fixture
def inactive_conseiller(schema):
    return factories.ConseillerFactory(email="parti@exemple.fr", schemas=[schema], is_active=False)


people = cast(
    **EVERY_ROLE,
    inactive_conseiller="inactive_conseiller",
    anonymous=AnonymousUser(),
)


def who(people, test):
    """The names of the people for whom ``test(user)`` is true, in PEOPLE order."""
    return [name for name in PEOPLE if test(people[name])]


# --- Roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "predicate, expected",
    [
        (r.is_admin, ["admin"]),
        (r.is_conseiller, ["conseiller", "conseiller_94"]),
        (r.is_directeur, ["directeur_a", "directeur_b"]),
        (r.is_partenaire, ["partenaire"]),
        (r.is_staff_caf, ["admin", "conseiller", "conseiller_94"]),
        (r.has_role, ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b", "partenaire"]),
    ],
)
def test_role_predicates_for_each_person(people, predicate, expected):
    assert who(people, predicate.test) == expected


def test_is_admin_for_a_superuser_of_another_role(db):
    user = factories.UserFactory(role="partenaire", is_superuser=True)

    assert r.is_admin(user) is True


# --- Scope -------------------------------------------------------------------------------------


def test_is_conseiller_of_schema_only_for_the_conseiller_it_is_entrusted_to(people, schema, schema_94):
    assert who(people, lambda user: r.is_conseiller_of_schema(user, schema)) == ["conseiller"]
    assert who(people, lambda user: r.is_conseiller_of_schema(user, schema_94)) == ["conseiller_94"]


def test_is_director_of_structure_only_for_its_director(people, structure_a, structure_b, structure_c):
    assert who(people, lambda user: r.is_director_of_structure(user, structure_a)) == ["directeur_a"]
    assert who(people, lambda user: r.is_director_of_structure(user, structure_b)) == ["directeur_b"]
    assert who(people, lambda user: r.is_director_of_structure(user, structure_c)) == []


def test_is_conseiller_of_structure_by_department_of_the_commune(people, structure_a, structure_c):
    assert who(people, lambda user: r.is_conseiller_of_structure(user, structure_a)) == ["conseiller"]
    assert who(people, lambda user: r.is_conseiller_of_structure(user, structure_c)) == ["conseiller_94"]


def test_scope_predicates_are_false_without_an_object(people):
    for predicate in (r.is_conseiller_of_schema, r.is_director_of_structure, r.is_conseiller_of_structure):
        assert who(people, lambda user, predicate=predicate: predicate(user, None)) == []


def test_can_read_schema_for_each_person(people, schema, schema_94):
    assert who(people, lambda user: can_read_schema(user, schema)) == [
        "admin",
        "conseiller",
        "directeur_a",
        "directeur_b",
        "partenaire",
    ]
    assert who(people, lambda user: can_read_schema(user, schema_94)) == ["admin", "conseiller_94", "partenaire"]


# --- Permissions, object level -------------------------------------------------------------------


@pytest.mark.parametrize(
    "perm, expected_on_a, expected_on_c",
    [
        (
            "structures.view_structure",
            ["admin", "conseiller", "directeur_a", "partenaire"],
            ["admin", "conseiller_94", "partenaire"],
        ),
        ("structures.view_structure_private", ["admin", "conseiller", "directeur_a"], ["admin", "conseiller_94"]),
        ("structures.change_structure", ["admin", "conseiller"], ["admin", "conseiller_94"]),
    ],
)
def test_structure_permissions_for_each_person(people, structure_a, structure_c, perm, expected_on_a, expected_on_c):
    assert who(people, lambda user: user.has_perm(perm, structure_a)) == expected_on_a
    assert who(people, lambda user: user.has_perm(perm, structure_c)) == expected_on_c


def test_schema_content_permissions_follow_the_schema(people, schema_94):
    action = factories.ActionFactory(fiche__orientation__axis__schema=schema_94)
    indicator = factories.IndicatorFactory(fiche=action.fiche)
    expected = ["admin", "conseiller_94", "partenaire"]

    assert who(people, lambda user: user.has_perm("fiches.view_schema", schema_94)) == expected
    assert who(people, lambda user: user.has_perm("fiches.view_fiche", action.fiche)) == expected
    assert who(people, lambda user: user.has_perm("fiches.view_action", action)) == expected
    assert who(people, lambda user: user.has_perm("indicateurs.view_indicator", indicator)) == expected


# --- Permissions, model level (navigation, list pages) ------------------------------------------


@pytest.mark.parametrize(
    "perm, expected",
    [
        ("fiches.view_schema", ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b", "partenaire"]),
        ("structures.view_structure", ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b", "partenaire"]),
        ("structures.view_structure_private", ["admin", "conseiller", "conseiller_94", "directeur_a", "directeur_b"]),
        ("structures.change_structure", ["admin", "conseiller", "conseiller_94"]),
        ("rapports.view_dashboard", ["admin", "conseiller", "conseiller_94", "partenaire"]),
        ("comptes.access_admin", ["admin"]),
    ],
)
def test_model_level_permissions_for_each_person(people, perm, expected):
    assert who(people, lambda user: user.has_perm(perm)) == expected


def test_access_admin_needs_django_staff_too(db):
    user = factories.UserFactory(role="admin", is_staff=False)

    assert user.has_perm("comptes.access_admin") is False


# --- The rules agree with the querysets that fill the lists -------------------------------------


def test_view_schema_agrees_with_schema_for_user(people, schema, schema_94):
    for name in PEOPLE:
        user = people[name]
        allowed = {s.pk for s in Schema.objects.all() if user.has_perm("fiches.view_schema", s)}
        listed = set(Schema.objects.for_user(user).values_list("pk", flat=True))
        assert allowed == listed, name


def test_view_structure_agrees_with_structure_for_user(people, structure_a, structure_b, structure_c):
    for name in PEOPLE:
        user = people[name]
        allowed = {s.pk for s in Structure.objects.all() if user.has_perm("structures.view_structure", s)}
        listed = set(Structure.objects.for_user(user).values_list("pk", flat=True))
        assert allowed == listed, name


def test_view_instance_agrees_with_instance_for_user(people, schema, schema_94):
    from gouvernance.enums import InstanceKind
    from gouvernance.models import Instance

    member = Instance.objects.create(schema=schema, kind=InstanceKind.COPIL, name="Comité de pilotage")
    member.members.add(people["partenaire"].organisation, factories.OrganisationFactory(name="Caf du Rhône"))
    Instance.objects.create(schema=schema, kind=InstanceKind.COTECH, name="Comité technique")
    Instance.objects.create(schema=schema_94, kind=InstanceKind.COPIL, name="Comité de pilotage 94")
    for name in PEOPLE:
        user = people[name]
        allowed = {i.pk for i in Instance.objects.all() if user.has_perm("gouvernance.view_instance", i)}
        listed = list(Instance.objects.for_user(user).values_list("pk", flat=True))
        assert len(listed) == len(set(listed)), name
        assert allowed == set(listed), name


def test_structure_listed_for_and_conventions_follow_the_scope_of_each_person(people, structure_a, structure_b, structure_c):
    factories.ConventionFactory(department_code="69")
    factories.ConventionFactory(department_code="94")
    listed = {name: sorted(s.name for s in Structure.objects.listed_for(people[name])) for name in PEOPLE}
    conventions = {
        name: sorted(Convention.objects.for_user(people[name]).values_list("department_code", flat=True)) for name in PEOPLE
    }

    assert listed["conseiller"] == listed["directeur_a"] == [structure_a.name, structure_b.name]
    assert listed["conseiller_94"] == [structure_c.name]
    assert listed["admin"] == listed["partenaire"] == [structure_a.name, structure_b.name, structure_c.name]
    assert listed["inactive_conseiller"] == listed["anonymous"] == []
    assert conventions["conseiller"] == conventions["directeur_a"] == ["69"]
    assert conventions["admin"] == conventions["partenaire"] == ["69", "94"]
    assert conventions["anonymous"] == []


def test_a_superuser_of_another_role_reads_and_lists_as_an_administrateur(schema, schema_94, structure_a, structure_c):
    user = factories.ConseillerFactory(email="super@exemple.fr", schemas=[schema], is_superuser=True)

    assert set(Schema.objects.for_user(user)) == {schema, schema_94}
    assert set(Structure.objects.for_user(user)) == {structure_a, structure_c}
    assert set(Structure.objects.listed_for(user)) == {structure_a, structure_c}
    assert user.has_perm("fiches.view_schema", schema_94) and user.has_perm("structures.view_structure", structure_c)


def test_a_superuser_is_refused_what_the_rules_refuse_administrateurs(schema, structure_c):
    from indicateurs.rules import OUT_OF_SCHEMA_REASON, Entry

    user = factories.AdminFactory(email="super@exemple.fr", is_superuser=True)
    entry = Entry(factories.CampaignFactory(schema=schema), structure_c)

    # Structure C lies in Val-de-Marne, out of the Rhône schéma: nobody enters its values there.
    assert user.has_perm("indicateurs.enter_values", entry) is False
    assert refusal(user, "indicateurs.enter_values", entry) == OUT_OF_SCHEMA_REASON


def test_rules_read_the_scope_once_per_user(conseiller, schema, django_assert_num_queries):
    factories.StructureFactory.create_batch(5)
    schemas = [schema, *factories.SchemaFactory.create_batch(4)]
    structures = list(Structure.objects.select_related("commune"))

    # One query for the schémas' ids, one for the départements, then none per object.
    with django_assert_num_queries(2):
        for item in schemas:
            conseiller.has_perm("fiches.view_schema", item)
        for item in structures:
            conseiller.has_perm("structures.view_structure", item)


# --- core.access.get_object_for_user ------------------------------------------------------------


def test_get_object_for_user_returns_the_object(directeur_a, structure_a):
    assert get_object_for_user(directeur_a, Structure, structure_a.pk, "structures.view_structure") == structure_a


def test_get_object_for_user_accepts_a_queryset(directeur_a, structure_a):
    queryset = Structure.objects.select_related("commune")

    assert get_object_for_user(directeur_a, queryset, structure_a.pk, "structures.view_structure") == structure_a


def test_get_object_for_user_refuses_with_a_french_reason(directeur_a, structure_b):
    with pytest.raises(PermissionDenied) as error:
        get_object_for_user(directeur_a, Structure, structure_b.pk, "structures.view_structure")

    assert str(error.value) == "Cette structure ne fait pas partie de votre périmètre."


def test_get_object_for_user_takes_a_given_reason(directeur_a, structure_b):
    with pytest.raises(PermissionDenied) as error:
        get_object_for_user(directeur_a, Structure, structure_b.pk, "structures.change_structure", reason="Non.")

    assert str(error.value) == "Non."


@pytest.mark.parametrize("pk", [0, "abc", None])
def test_get_object_for_user_raises_404_when_missing(admin_user, pk):
    with pytest.raises(Http404):
        get_object_for_user(admin_user, Structure, pk, "structures.view_structure")


def test_get_object_for_user_rejects_other_arguments(admin_user):
    with pytest.raises(TypeError):
        get_object_for_user(admin_user, "structures.Structure", 1, "structures.view_structure")
