"""The register of permissions: each one declared with its French reason, none that no code asks for."""

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from core import access

ROOT = Path(settings.BASE_DIR)
# Where code asks for a permission: the project's Python (its tests aside) and its templates.
SKIPPED_PARTS = {".venv", "tests", "migrations", "node_modules", "static"}
FRENCH_WORDS = re.compile(r"\b(le|la|les|de|du|des|un|une|votre|vous|cette|ce|aux|est|sont)\b", re.IGNORECASE)


def project_permissions():
    """The permissions django-rules holds for the project's own apps."""
    labels = {config.label for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)}
    return sorted(name for name in rules.permissions.permissions if name.split(".")[0] in labels)


def reason_text(reason):
    # A reason function answers for anybody and any object; asked without an object, it gives its general sentence.
    return reason(AnonymousUser(), None) if callable(reason) else reason


def test_the_project_registers_permissions():
    assert len(project_permissions()) > 30


@pytest.mark.parametrize("perm", project_permissions())
def test_every_permission_has_a_french_reason(perm):
    reasons = access.registered_reasons()

    assert perm in reasons, f"{perm} is registered without a reason: declare it with core.access.permission"
    text = reason_text(reasons[perm])
    assert text and text.strip().endswith("."), f"{perm}: {text!r}"
    assert FRENCH_WORDS.search(text), f"{perm}: {text!r} does not read as French"


def test_a_permission_cannot_be_declared_without_a_reason():
    with pytest.raises(ValueError):
        access.permission("comptes.test_without_reason", rules.always_allow, reason="")
    assert not rules.perm_exists("comptes.test_without_reason")


def _code_texts():
    for path in ROOT.rglob("*"):
        if path.suffix in (".py", ".html", ".txt") and path.is_file() and not SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
            yield path.read_text(encoding="utf-8", errors="ignore")


def test_no_permission_is_registered_that_no_code_asks_for():
    texts = list(_code_texts())
    uses = {perm: sum(text.count(f'"{perm}"') + text.count(f"'{perm}'") for text in texts) for perm in project_permissions()}

    # Its declaration in the app's rules.py names it once: a permission asked for somewhere is named twice or more.
    dead = [perm for perm, count in uses.items() if count < 2]
    assert dead == []
