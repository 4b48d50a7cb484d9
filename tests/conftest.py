import pytest

from tests.shared import shared_path

# The schémas, structures and people every folder's tests share (tests/worlds.py).
pytest_plugins = ["tests.worlds"]


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


def pytest_collection_modifyitems(config, items):
    """The cluster test starts servers of its own: it runs only when asked for (`-m cluster`, make cluster-test)."""
    if "cluster" in (config.getoption("-m") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("cluster") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("cluster")])
        items[:] = kept
