"""axe-core on every GET URL of the permission matrix (tests/test_permission_matrix.py), at both sizes.

The matrix's world is built beside the demo; each URL is opened once per size, as the first role of
``PREFERRED`` the table lets in (an error page when the table lets nobody in), in one browser context per size
whose session cookie is switched from role to role. PDFs, exports and POST-only views are not pages: they are left out.
"""

import pytest
from django.conf import settings

from tests.e2e.axe import blocking, describe, run_axe
from tests.e2e.conftest import DESKTOP, PHONE, TIMEOUT_MS

pytestmark = pytest.mark.e2e

# Who opens a page: the role that sees the most of it first.
PREFERRED = ("cons", "admin", "dir_a", "partner", "dir_b", "cons94", "anon")


def _role_for(row):
    allowed = [role for role in PREFERRED if row.get[role] == 200]
    return allowed[0] if allowed else "cons"


@pytest.fixture(scope="module")
def matrix_pages(e2e_server, django_db_blocker):
    """(label, role, path) of every HTML page of the matrix, in the matrix's world, and the world's sessions."""
    from django.test import Client

    from tests.matrix.world import build_world, open_sessions
    from tests.test_permission_matrix import MATRIX

    with django_db_blocker.unblock():
        world = build_world()
        open_sessions(world)
        pages = []
        for row in MATRIX:
            if row.get is None:
                continue
            role, path = _role_for(row), row.url(world)
            client = Client()
            if role != "anon":
                client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
            response = client.get(path)
            if response.status_code == 405 or not response.headers.get("Content-Type", "").startswith("text/html"):
                continue  # a POST-only view (an empty answer), a PDF, a CSV, a workbook
            pages.append((row.label, role, path))
    return pages, world.sessions


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_every_matrix_page_has_no_serious_axe_violation(browser, e2e_server, matrix_pages, viewport):
    pages, sessions = matrix_pages
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    found = []
    try:
        for label, role, path in pages:
            context.clear_cookies()
            if role != "anon":
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessions[role], "url": e2e_server.url}])
            tab.goto(e2e_server.url + path)
            violations = blocking(run_axe(tab))
            if violations:
                found.append(f"{label} ({path}, {role}) :\n{describe(violations)}")
    finally:
        context.close()
    assert len(pages) > 80
    assert not found, "Violations axe graves ou critiques :\n" + "\n".join(found)
