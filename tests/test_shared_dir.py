"""The one rule for tests that read ../shared (tests/shared.py): skipped without it, failed in CI."""

import pytest

from tests.shared import shared_path


def test_shared_path_absent_skips_with_a_plain_message(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    settings.SHARED_DIR = tmp_path / "absent"
    with pytest.raises(pytest.skip.Exception, match=r"Test ignoré : .*absent/seeds est introuvable"):
        shared_path("seeds")


def test_shared_path_absent_fails_in_ci(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    settings.SHARED_DIR = tmp_path / "absent"
    with pytest.raises(pytest.fail.Exception, match=r"CI=true : ce test doit s'exécuter\. .*absent/data/communes\.csv"):
        shared_path("data", "communes.csv")


def test_shared_path_present_is_given_whatever_ci_says(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "seeds").mkdir()
    settings.SHARED_DIR = tmp_path
    assert shared_path("seeds") == tmp_path / "seeds"
