"""An administrateur adds two actions to a fiche with the « Ajouter une action » button and saves them at once."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.pages import ADMIN

pytestmark = pytest.mark.e2e


def test_admin_adds_two_actions_with_the_button_and_saves(open_page, orm, demo):
    from fiches.models import Action

    fiche = demo["fiche"]
    with orm:
        before = set(Action.objects.filter(fiche=fiche).values_list("pk", flat=True))
        next_number = max(Action.objects.filter(fiche=fiche).values_list("number", flat=True), default=0) + 1
    page = open_page(ADMIN, reverse("fiches:fiche_edit", args=[fiche.pk]))
    # With JavaScript, the server-side « Ajouter des lignes » gives way to the buttons of each list.
    expect(page.get_by_role("button", name="Ajouter des lignes")).to_be_hidden()
    total = page.locator('input[name="actions-TOTAL_FORMS"]')
    start = int(total.input_value())
    add = page.get_by_role("button", name="Ajouter une action")
    add.click()
    add.click()
    expect(total).to_have_value(str(start + 2))
    for offset, text in enumerate(["Organiser une journée des bénévoles", "Publier un guide des initiatives"]):
        index = start + offset
        page.locator(f'[name="actions-{index}-number"]').fill(str(next_number + offset))
        page.locator(f'[name="actions-{index}-text"]').fill(text)
        page.locator(f'[name="actions-{index}-first_year"]').fill("2024")
        page.locator(f'[name="actions-{index}-last_year"]').fill("2025")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_url(re.compile(rf"/schemas/fiches/{fiche.pk}/$"))
    expect(page.get_by_role("status").filter(has_text="a été enregistrée")).to_be_visible()

    with orm:
        added = Action.objects.filter(fiche=fiche).exclude(pk__in=before).order_by("number")
        assert list(added.values_list("number", "text", "first_year", "last_year")) == [
            (next_number, "Organiser une journée des bénévoles", 2024, 2025),
            (next_number + 1, "Publier un guide des initiatives", 2024, 2025),
        ]
        added.delete()  # leave the demo as the other browser tests expect it
