"""The portal reads every app and is read by none: only the settings and the root URLs name it."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("core", "comptes", "fiches", "structures", "indicateurs", "rapports", "gouvernance")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_app_imports_the_portal():
    base = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(base)} : {module}"
        for app in APPS
        for path in sorted((base / app).rglob("*.py"))
        for module in imported_modules(path)
        if module == "portail" or module.startswith("portail.")
    ]
    assert offenders == []
