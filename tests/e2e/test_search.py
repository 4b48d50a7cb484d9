"""The header's search box, in Chromium on the demo data, on a desktop and on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import CONSEILLER

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_header_search_finds_venissieux_without_its_accent(open_page, viewport):
    page = open_page(CONSEILLER, reverse("fiches:action_list"), viewport)

    box = page.get_by_role("searchbox", name="Rechercher une structure, une fiche-action ou une action")
    box.fill("venissieux")
    box.press("Enter")

    page.wait_for_url(re.compile(r"/recherche/\?q=venissieux"))
    results = page.locator(".avs-search-group", has=page.get_by_role("heading", name=re.compile("^Structures")))
    expect(results.get_by_role("link").first).to_be_visible()
    expect(results).to_contain_text("Vénissieux")
