"""Browser tests: Debian's Chromium driven by Playwright against a live server holding the demo data.

The demo is loaded once for the whole e2e package (a few seconds), into the test database, and the
database is emptied again when the package is done, so that the other tests find it as they expect.

Skip policy: without /usr/bin/chromium (or Playwright) the tests are skipped with a plain message;
with CI=true a browser that cannot start fails them: in CI they are never silently skipped.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.shared import in_ci

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS_DIR = Path(os.environ.get("E2E_SCREENSHOTS", Path(settings.BASE_DIR) / "e2e-screenshots"))
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
SCREENSHOTS_WRITTEN = pytest.StashKey[bool]()


def no_browser(message):
    """Skip on a developer's machine, fail in CI."""
    if in_ci():
        pytest.fail(f"CI=true : le navigateur doit démarrer. {message}", pytrace=False)
    pytest.skip(f"Tests dans le navigateur ignorés / browser tests skipped : {message}")


@pytest.fixture(scope="package")  # stopped with the package: Playwright's event loop must not outlive it
def browser():
    if not Path(CHROMIUM).exists():
        no_browser(f"Chromium est introuvable ({CHROMIUM}). Installez-le : apt-get install chromium.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("Playwright n'est pas installé (pip install -r requirements.txt).")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:  # any launch failure: missing library, crash…
        playwright.stop()
        no_browser(f"Chromium ne démarre pas : {error}")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)  # a busy CI machine is slower than Playwright's 5 s default
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replaces pytest-django's helper, which would empty the database after each test (transactional_db):
    here the demo is loaded once for the package by `e2e_server`."""
    yield


@pytest.fixture(scope="package")
def e2e_server(browser, django_db_setup, live_server, django_db_blocker):
    """pytest-django's live server on the test database filled with the demo; emptied again afterwards."""
    # Playwright's sync API runs an event loop in the test thread: Django would refuse the ORM there.
    # Allowed for this package only, so that the rest of the suite keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        live_server._live_server_modified_settings.enable()
        try:
            yield live_server
        finally:
            live_server._live_server_modified_settings.disable()
            call_command("flush", interactive=False, verbosity=0)
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _Unblocked:
    """A re-enterable `with orm:` block that allows the ORM in the test thread."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.stack = []

    def __enter__(self):
        self.stack.append(self.blocker.unblock())

    def __exit__(self, *exc_info):
        self.stack.pop().__exit__(*exc_info)


@pytest.fixture
def orm(e2e_server, django_db_blocker):
    """`with orm: …` reads the database from the test (never while a request is running)."""
    return _Unblocked(django_db_blocker)


@pytest.fixture(scope="package")
def sessions(browser, e2e_server):
    """One logged-in browser context per demo account and viewport, reused across tests."""
    from demo import DEMO_PASSWORD

    contexts = {}

    def get(email, viewport=DESKTOP):
        key = (email, viewport["width"])
        if key not in contexts:
            context = browser.new_context(viewport=viewport, locale="fr-FR", accept_downloads=True)
            context.set_default_timeout(TIMEOUT_MS)
            if email:
                page = context.new_page()
                login(page, e2e_server.url, email, DEMO_PASSWORD)
                page.close()
            contexts[key] = context
        return contexts[key]

    yield get
    for context in contexts.values():
        context.close()


def login(page, base_url, email, password):
    page.goto(f"{base_url}/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


@pytest.fixture
def open_page(sessions, e2e_server):
    """open_page(email, path, viewport=DESKTOP) → a new tab of that account's context at that path."""
    pages = []

    def open_(email, path, viewport=DESKTOP):
        page = sessions(email, viewport).new_page()
        pages.append(page)
        response = page.goto(e2e_server.url + path)
        assert response is not None and response.status == 200, f"{path} : HTTP {response and response.status}"
        return page

    yield open_
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def screenshots_dir(request):
    # Fresh screenshots each run: old ones of renamed pages would mislead.
    shutil.rmtree(SCREENSHOTS_DIR, ignore_errors=True)
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS_WRITTEN] = True
    return SCREENSHOTS_DIR


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(SCREENSHOTS_WRITTEN, False) and SCREENSHOTS_DIR.is_dir():
        count = len(list(SCREENSHOTS_DIR.glob("*.png")))
        terminalreporter.write_line(f"Captures d'écran des tests e2e ({count}) : {SCREENSHOTS_DIR}")


@pytest.fixture(scope="package")
def demo(e2e_server):
    """The demo's schéma, first fiche and action, the director's structure, the 2025 campaign."""
    from tests.e2e.pages import demo_objects

    return demo_objects()


def pytest_collection_modifyitems(items):
    """The tests that build the permission matrix's world beside the demo run after the other browser tests,
    which expect the demo alone."""
    late = [item for item in items if "matrix_pages" in getattr(item, "fixturenames", ())]
    others = [item for item in items if item not in late]
    e2e = [index for index, item in enumerate(others) if "e2e" in item.keywords]
    if late and e2e:
        items[:] = others[: e2e[-1] + 1] + late + others[e2e[-1] + 1 :]
