"""The shape of the house: core is the ground floor, no module grows past what a reader takes in at once, and
test factories build objects without being fixtures."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The apps that live above core: core serves them and never reaches up to them.
DOMAIN_APPS = {"comptes", "fiches", "structures", "indicateurs", "rapports", "gouvernance", "portail", "demo"}
MAX_MODULE_LINES = 500


def python_files(folder):
    return sorted(path for path in folder.rglob("*.py") if ".venv" not in path.parts)


def application_modules():
    """Every Python file of the project but the virtualenv, the tests and the migrations."""
    return [
        path
        for path in python_files(ROOT)
        if not {".venv", "tests", "migrations", "node_modules"} & set(path.relative_to(ROOT).parts)
    ]


def imported_modules(path, source=None):
    """The absolute names of the modules ``path`` imports, wherever the import sits (function bodies too)."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    if path.name == "__init__.py":
        package = path.relative_to(ROOT).parts[:-1]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module) if node.module else base)
            else:
                module = node.module
            names.append(module)
            # ``from . import x`` or ``from pkg import module`` may name a module rather than an attribute.
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_the_import_walker_sees_function_local_and_relative_imports():
    module = ROOT / "core" / "probe.py"
    assert "fiches.models" in imported_modules(module, "def f():\n    from ..fiches import models\n")
    assert "structures.models" in imported_modules(module, "import structures.models as s\n")
    assert "core.tables" in imported_modules(module, "from . import tables\n")


def test_core_imports_no_domain_app():
    offenders = []
    for path in python_files(ROOT / "core"):
        if "migrations" in path.parts:
            continue
        for name in imported_modules(path):
            top = name.split(".")[0]
            if top in DOMAIN_APPS:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_no_application_module_is_over_500_lines():
    long_modules = {}
    for path in application_modules():
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_MODULE_LINES:
            long_modules[str(path.relative_to(ROOT))] = count
    assert long_modules == {}


def fixture_functions(path, source=None):
    """Names of the functions of ``path`` decorated with ``pytest.fixture`` (called or not)."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = ast.unparse(target)
            if name in ("fixture", "pytest.fixture") or name.endswith(".fixture"):
                found.append(node.name)
    return found


def factory_modules():
    return sorted([ROOT / "tests" / "factories.py", *(ROOT / "tests").glob("*/factories.py")])


def test_the_fixture_finder_sees_both_decorator_spellings():
    text = "import pytest\n@pytest.fixture\ndef a(): ...\n@pytest.fixture(scope='module')\ndef b(): ...\ndef c(): ...\n"
    assert fixture_functions(ROOT / "tests" / "factories.py", text) == ["a", "b"]


def test_factory_modules_define_no_fixture():
    assert factory_modules(), "no factory module found"
    fixtures = {str(path.relative_to(ROOT)): fixture_functions(path) for path in factory_modules()}
    assert {path: names for path, names in fixtures.items() if names} == {}


def test_factory_modules_import_no_fixture():
    """A fixture re-exported from a factory module (``from x import fixture  # noqa: F401``) is a fixture too."""
    imports = {}
    for path in factory_modules():
        text = path.read_text(encoding="utf-8")
        if "noqa: F401" in text or "noqa: F811" in text:
            imports[str(path.relative_to(ROOT))] = [line for line in text.splitlines() if "noqa: F" in line]
    assert imports == {}
