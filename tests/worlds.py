"""The test world: one Rhône schéma with its people, and the Val-de-Marne next door, as pytest fixtures.

Registered for every test by tests/conftest.py. Each actor is a fixture of its own, so that a test builds only
whom it names:

- ``schema`` (Rhône, 69) and ``schema_94`` (Val-de-Marne, 2016-2020);
- ``admin_user``; ``conseiller`` (Rhône) and ``conseiller_94`` (Val-de-Marne, alias ``other_conseiller``);
- ``structure_a`` and ``structure_b`` in the Rhône, ``structure_c`` in Créteil (94), and their directors
  ``directeur_a``, ``directeur_b``, ``directeur_c``;
- ``partenaire`` (Métropole de Lyon);
- ``fiche`` (PA 2.1.2, piloted by the Caf du Rhône) and its ``action`` 1.

A folder's tests name the cast they check access for with ``cast``: a dict of those people, keyed as its tests
read them (``people["directeur_b"]``).
"""

import pytest

from fiches.enums import FicheRole
from tests import factories


@pytest.fixture
def schema(db):
    return factories.SchemaFactory(slug="rhone-2022-2026")


@pytest.fixture
def schema_94(db):
    return factories.SchemaFactory(
        slug="val-de-marne-2016-2020", department_code="94", department_name="Val-de-Marne", first_year=2016, last_year=2020
    )


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(email="admin@exemple.fr")


@pytest.fixture
def conseiller(db, schema):
    return factories.ConseillerFactory(email="conseiller@exemple.fr", schemas=[schema])


@pytest.fixture
def conseiller_94(db, schema_94):
    return factories.ConseillerFactory(email="conseiller.94@exemple.fr", schemas=[schema_94])


@pytest.fixture
def other_conseiller(conseiller_94):
    return conseiller_94


@pytest.fixture
def structure_a(db):
    return factories.StructureFactory(name="Centre social A")


@pytest.fixture
def structure_b(db):
    return factories.StructureFactory(name="Centre social B")


@pytest.fixture
def structure_c(db):
    commune = factories.CommuneFactory(insee_code="94028", name="Créteil", department_code="94", department_name="Val-de-Marne")
    return factories.StructureFactory(name="Centre social C", commune=commune)


@pytest.fixture
def directeur_a(db, structure_a):
    return factories.DirecteurFactory(email="directeur.a@exemple.fr", structures=[structure_a])


@pytest.fixture
def directeur_b(db, structure_b):
    return factories.DirecteurFactory(email="directeur.b@exemple.fr", structures=[structure_b])


@pytest.fixture
def directeur_c(db, structure_c):
    return factories.DirecteurFactory(email="directeur.c@exemple.fr", structures=[structure_c])


@pytest.fixture
def partenaire(db):
    org = factories.OrganisationFactory(name="Métropole de Lyon")
    return factories.PartenaireFactory(email="partenaire@exemple.fr", organisation=org)


@pytest.fixture
def fiche(schema):
    orientation = factories.OrientationFactory(axis=factories.AxisFactory(schema=schema, number=2), number="2.1")
    fiche = factories.FicheFactory(orientation=orientation, code="PA 2.1.2", title="Promouvoir les expérimentations")
    caf = factories.OrganisationFactory(name="Caf du Rhône")
    factories.FicheOrganisationFactory(fiche=fiche, organisation=caf, role=FicheRole.PILOT)
    return fiche


@pytest.fixture
def action(fiche):
    return factories.ActionFactory(fiche=fiche, number=1, text="Soutenir les expériences innovantes", first_year=2023)


# One person of each role and a conseiller of another département: the cast most access tests check.
EVERY_ROLE = {
    "admin": "admin_user",
    "conseiller": "conseiller",
    "conseiller_94": "conseiller_94",
    "directeur_a": "directeur_a",
    "directeur_b": "directeur_b",
    "partenaire": "partenaire",
}


def cast(**roles):
    """A fixture giving {role name: the person of the world fixture named by the value}; a value that is not
    a string (None, an anonymous user) stands for itself."""

    @pytest.fixture
    def people(request):
        return {name: request.getfixturevalue(actor) if isinstance(actor, str) else actor for name, actor in roles.items()}

    return people
