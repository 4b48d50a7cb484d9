"""The header at 1280 px for every role, the actions list on a phone, filter forms folded on phones."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, TIMEOUT_MS, login
from tests.e2e.pages import ADMIN, CONSEILLER, DIRECTEUR, PARTENAIRE

pytestmark = pytest.mark.e2e

# How many lines of text an element takes: its content height over its line height.
LINES = """element => {
  const style = getComputedStyle(element);
  if (style.display === "inline") return element.getClientRects().length;  // one box per line
  const content = element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return Math.round(content / parseFloat(style.lineHeight));
}"""


def _box(locator):
    box = locator.bounding_box()
    assert box is not None
    return box


def _assert_menu_on_one_row(page, width):
    """One row under the brand and the search box: the links, the person's name and the button side by side,
    none pushed to a line of its own, none wrapping, none past the screen's edge."""
    logout = page.get_by_role("button", name="Se déconnecter")
    row = _box(logout)
    middle = row["y"] + row["height"] / 2
    for item in [logout, page.locator(".avs-user-link"), *page.locator("#menu-principal .nav-link").all()]:
        box = _box(item)
        assert box["y"] <= middle <= box["y"] + box["height"], f"{item} passe à la ligne dans l'en-tête"
        assert box["x"] + box["width"] <= width, f"{item} dépasse de l'écran"
        assert item.evaluate(LINES) == 1, f"{item} tient sur une ligne"


@pytest.mark.parametrize("width", [1400, 1440, 1920])
def test_administrateur_menu_unfolded_on_one_row(width, open_page, screenshots_dir):
    page = open_page(ADMIN, reverse("home"), {"width": width, "height": 800})
    expect(page.get_by_role("button", name="Afficher ou masquer le menu")).to_be_hidden()
    _assert_menu_on_one_row(page, width)
    expect(page.locator(".avs-user-role")).to_be_visible()


@pytest.mark.parametrize("email", [ADMIN, CONSEILLER, DIRECTEUR, PARTENAIRE])
def test_header_fits_at_1280(email, open_page, screenshots_dir):
    page = open_page(email, reverse("home"), DESKTOP)
    toggler = page.get_by_role("button", name="Afficher ou masquer le menu")
    logout = page.get_by_role("button", name="Se déconnecter")
    if toggler.is_visible():  # an administrateur's longer menu folds below 1400 px
        toggler.click()
        expect(page.locator("#menu-principal")).to_have_class(re.compile(r"\bshow\b"))
    else:
        _assert_menu_on_one_row(page, DESKTOP["width"])
    page.screenshot(path=screenshots_dir / f"ui-entete-1280-{email.split('@')[0]}.png")
    expect(logout).to_be_visible()
    assert logout.evaluate(LINES) == 1, "« Se déconnecter » tient sur une ligne"
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_actions_list_on_a_phone_shows_status_and_progress(open_page, screenshots_dir):
    page = open_page(CONSEILLER, reverse("fiches:action_list"), PHONE)
    page.screenshot(path=screenshots_dir / "ui-actions-telephone.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "la liste défile sur le côté"
    row = page.locator("table.avs-table tbody tr").first
    for cell in (row.locator("td").nth(1), row.locator("td[data-label='Statut']"), row.locator("td[data-label='Avancement']")):
        expect(cell).to_be_visible()
        box = _box(cell)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "une colonne sort de l'écran"
    expect(row.locator("td[data-label='Statut']")).to_have_text(re.compile(r"\S"))
    expect(row.locator("td[data-label='Avancement']")).to_contain_text("%")


@pytest.mark.parametrize("path", ["fiches:action_list", "structures:structure_list", "structures:convention_list"])
def test_filters_fold_on_a_phone_and_open_on_a_desktop(path, open_page):
    phone = open_page(CONSEILLER, reverse(path), PHONE)
    form = phone.locator("details.avs-fold form")
    expect(form).to_be_hidden()
    phone.locator("details.avs-fold > summary").click()
    expect(form).to_be_visible()
    expect(open_page(CONSEILLER, reverse(path), DESKTOP).locator("details.avs-fold form")).to_be_visible()
    # A filter in use stays in sight on a phone.
    expect(open_page(CONSEILLER, reverse(path) + "?q=centre", PHONE).locator("details.avs-fold form")).to_be_visible()


def test_filters_without_javascript_are_open(browser, e2e_server):
    from demo import DEMO_PASSWORD

    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport, locale="fr-FR", java_script_enabled=False)
        context.set_default_timeout(TIMEOUT_MS)
        try:
            page = context.new_page()
            login(page, e2e_server.url, CONSEILLER, DEMO_PASSWORD)
            page.goto(e2e_server.url + reverse("fiches:action_list"))
            expect(page.locator("details.avs-fold form")).to_be_visible()
        finally:
            context.close()


def test_search_forgives_accents_and_case(open_page):
    """« menival » finds « Ménival », « VENISSIEUX » the structures of Vénissieux, typed in the structures' search."""
    page = open_page(CONSEILLER, reverse("structures:structure_list"), DESKTOP)
    page.get_by_role("textbox", name="Rechercher", exact=True).fill("menival")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status")).to_have_text("1 structure")
    expect(page.locator("table.avs-table tbody")).to_contain_text("Centre social de Ménival")

    page.get_by_role("textbox", name="Rechercher", exact=True).fill("VENISSIEUX")
    page.get_by_role("button", name="Filtrer").click()
    names = page.locator("table.avs-table tbody th").all_inner_texts()
    assert names == ["Centre social des Minguettes", "Centre social du Moulin-à-Vent"]
