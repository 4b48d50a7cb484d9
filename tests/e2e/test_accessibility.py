"""axe-core on every main page: no WCAG 2.1 A/AA violation of impact « serious » or « critical »."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.axe import blocking, describe, run_axe
from tests.e2e.pages import CONSEILLER, MAIN_PAGES

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_page_has_no_serious_axe_violation(name, open_page, demo):
    email, path = MAIN_PAGES[name]
    page = open_page(email, path(demo))

    violations = blocking(run_axe(page))

    assert not violations, f"{name} ({page.url}) : violations axe graves ou critiques :\n{describe(violations)}"


def test_login_error_is_announced_and_linked(open_page):
    page = open_page("", "/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill("personne@exemple.fr")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()

    assert page.get_by_role("alert").first.is_visible()
    violations = blocking(run_axe(page))
    assert not violations, describe(violations)


def test_html_language_is_french(open_page):
    page = open_page("", "/comptes/connexion/")

    assert page.locator("html").get_attribute("lang") == "fr"


def test_keyboard_skip_link_leads_to_the_content(open_page):
    page = open_page(CONSEILLER, reverse("fiches:action_list"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#contenu$"))
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused_in_main, page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
