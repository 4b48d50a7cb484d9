import pytest

from tests import factories
from tests.shared import shared_path


@pytest.fixture
def seeds_dir():
    """../shared/seeds: skipped when absent, except with CI=true (tests/shared.py)."""
    return shared_path("seeds")


@pytest.fixture
def national_communes_file():
    """../shared/data/communes.csv, the national communes file: skipped when absent, except with CI=true."""
    return shared_path("data", "communes.csv")


@pytest.fixture
def shared_dir():
    """../shared (settings.SHARED_DIR): skipped without it on a developer's machine, required in CI."""
    return shared_path()


@pytest.fixture
def schema(db):
    return factories.SchemaFactory(slug="rhone-2022-2026")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(email="admin@exemple.fr")


@pytest.fixture
def conseiller(db, schema):
    return factories.ConseillerFactory(email="conseiller@exemple.fr", schemas=[schema])


@pytest.fixture
def structure_a(db):
    return factories.StructureFactory(name="Centre social A")


@pytest.fixture
def structure_b(db):
    return factories.StructureFactory(name="Centre social B")


@pytest.fixture
def directeur_a(db, structure_a):
    return factories.DirecteurFactory(email="directeur.a@exemple.fr", structures=[structure_a])


@pytest.fixture
def directeur_b(db, structure_b):
    return factories.DirecteurFactory(email="directeur.b@exemple.fr", structures=[structure_b])


@pytest.fixture
def partenaire(db):
    org = factories.OrganisationFactory(name="Métropole de Lyon")
    return factories.PartenaireFactory(email="partenaire@exemple.fr", organisation=org)


def pytest_collection_modifyitems(config, items):
    """The cluster test starts servers of its own: it runs only when asked for (`-m cluster`, make cluster-test)."""
    if "cluster" in (config.getoption("-m") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("cluster") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("cluster")])
        items[:] = kept
