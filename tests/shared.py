"""What the tests read from ../shared (the seeds, the national communes file), and the one rule for its absence.

``../shared`` sits beside a checkout in CI and on the project's machines, not in a fresh clone. A test that
needs it asks ``shared_path``: absent, the test is skipped with a plain message on a developer's machine,
and fails with ``CI=true``, where everything must run.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def shared_path(*parts):
    """``settings.SHARED_DIR`` (variable AVS_SHARED_DIR) joined with ``parts``; skip or fail when it is absent."""
    path = Path(settings.SHARED_DIR, *parts)
    if not path.exists():
        message = (
            f"{path} est introuvable : le répertoire partagé (../shared, réglage SHARED_DIR, "
            "variable AVS_SHARED_DIR) n'est pas à côté du projet."
        )
        if in_ci():
            pytest.fail(f"CI=true : ce test doit s'exécuter. {message}", pytrace=False)
        pytest.skip(f"Test ignoré : {message}")
    return path
