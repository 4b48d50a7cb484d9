"""Every module of the project imports on its own, whatever was imported before it.

A module that only imports when another one was imported first hides an import cycle: it breaks the day a
new caller imports it first (a management command, a worker, a shell). One interpreter sets Django up, then
forgets every project module but those that register themselves once (models, rules, admin); for each module,
a forked copy of that interpreter imports it alone, as a fresh interpreter would. Forking keeps the test to
seconds: setting Django up once per module would take minutes.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The load test is a locust script run by locust against a live server, not a module of the application.
SKIPPED_DIRS = {"tests", "migrations", ".venv", "node_modules", "static", "templates", "loadtest"}

SCRIPT = r"""
import os, sys, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avs_schema.settings")
import django
django.setup()
roots = set(sys.argv[1].split(","))
modules = sys.argv[2:]


def kept(name):
    # What registers itself once stays: the models (the app registry), the rules (django-rules) and the
    # admin classes, which the set-up loaded and which a second copy would register twice.
    parts = name.split(".")
    return parts[0] not in roots or name in roots or bool(REGISTERING.intersection(parts))


REGISTERING = {"models", "apps", "rules", "admin"}


for name in [n for n in sys.modules if not kept(n)]:
    del sys.modules[name]
failed = []
for name in modules:
    pid = os.fork()
    if pid == 0:
        try:
            __import__(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failed.append(name)
print("FAILED:" + ",".join(failed))
"""


def project_modules():
    """Dotted names of the project's modules: every package at the root, its migrations and tests left out."""
    names = []
    for package in sorted(p.parent for p in ROOT.glob("*/__init__.py")):
        if package.name in SKIPPED_DIRS:
            continue
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if SKIPPED_DIRS.intersection(relative.parts):
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            names.append(".".join(parts))
    return names


def test_project_modules_are_found():
    modules = project_modules()
    assert {"rapports.views", "fiches.progress", "indicateurs.completeness", "avs_schema.urls"} <= set(modules)
    assert not [name for name in modules if "migrations" in name or name.startswith("tests")]


def test_every_module_imports_alone():
    modules = project_modules()
    roots = sorted({name.split(".")[0] for name in modules})
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(roots), *modules],
        cwd=ROOT,
        # The settings of the tests' own interpreter: a secret given, since DEBUG is off.
        env=os.environ | {"SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failed = result.stdout.strip().rsplit("FAILED:", 1)[-1]
    assert failed == "", f"modules that fail to import alone: {failed}\n{result.stderr[-3000:]}"
