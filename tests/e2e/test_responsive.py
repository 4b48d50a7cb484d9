"""Every main page at 1280×800 and 390×844: no horizontal scrolling, a usable menu, a screenshot."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import MAIN_PAGES

pytestmark = pytest.mark.e2e

SIZES = {"bureau": DESKTOP, "telephone": PHONE}


def horizontal_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_page_fits_the_screen(name, size, open_page, demo, screenshots_dir):
    email, path = MAIN_PAGES[name]
    page = open_page(email, path(demo), SIZES[size])

    page.screenshot(path=screenshots_dir / f"{name}-{size}.png", full_page=True)
    assert horizontal_overflow(page) <= 0, f"{name} ({size}) défile horizontalement de {horizontal_overflow(page)} px"
    if not email:
        return
    menu = page.locator("#menu-principal")
    first_link = menu.get_by_role("link").first
    toggler = page.get_by_role("button", name="Afficher ou masquer le menu")
    if size == "telephone":
        expect(toggler).to_be_visible()
    # Folded on a phone, and on a desktop for an administrateur's longer menu (below 1400 px).
    if toggler.is_visible():
        expect(menu).to_be_hidden()
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        expect(menu).to_have_class(re.compile(r"\bshow\b"))  # the opening transition is over
        page.screenshot(path=screenshots_dir / f"{name}-{size}-menu.png")
    expect(first_link).to_be_visible()
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert horizontal_overflow(page) <= 0, f"{name} ({size}) : le menu ouvert fait défiler horizontalement"
