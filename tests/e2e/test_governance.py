"""The governance journey: a conseiller records a comité de pilotage and two decisions on actions (one late);
the fiche shows both; a member partner reads the minutes; a director gets a 403; the bilan shows it all."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.pages import CONSEILLER, DIRECTEUR, PARTENAIRE

pytestmark = pytest.mark.e2e

MINUTES = "Compte rendu e2e : le comité valide l'appel à projets."


def test_comite_decisions_followed_to_the_fiche_and_the_bilan(open_page, orm, demo, sessions, e2e_server):
    schema, fiche, action = demo["schema"], demo["fiche"], demo["action"]
    with orm:
        other_action = fiche.actions.exclude(pk=action.pk).order_by("number").first()
        action_label, other_label = str(action), str(other_action)

    page = open_page(CONSEILLER, reverse("gouvernance:instance_create", args=[schema.pk]))
    page.get_by_label("Type d'instance").select_option(label="Comité de pilotage")
    page.get_by_label("Nom").fill("Comité de pilotage e2e")
    page.get_by_label("Métropole de Lyon").check()
    page.get_by_label("Caf du Rhône").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Nouvelle réunion").click()
    page.get_by_label("Date").fill("2026-03-12")
    page.get_by_label("Compte rendu").fill(MINUTES)
    page.get_by_label("Métropole de Lyon").check()
    page.get_by_role("button", name="Enregistrer").click()
    meeting_url = page.url
    for text, label, due in [
        ("Décision e2e en retard", action_label, "2026-06-30"),
        ("Décision e2e à venir", other_label, "2027-06-30"),
    ]:
        page.goto(meeting_url)
        page.get_by_role("link", name="Nouvelle décision").click()
        page.locator("#id_text").fill(text)
        page.get_by_label("Actions concernées", exact=True).select_option(label=label)
        page.get_by_label("Organisation qui la porte").select_option(label="Caf du Rhône")
        page.get_by_label("Échéance").fill(due)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("h1")).to_contain_text(text)
    expect(page.locator(".avs-late-badge")).to_have_count(0)  # the second one is not late

    fiche_page = open_page(CONSEILLER, reverse("fiches:fiche_detail", args=[fiche.pk]))
    block = fiche_page.locator("section", has_text="Décisions des instances")
    expect(block).to_contain_text("Décision e2e en retard")
    expect(block).to_contain_text("Décision e2e à venir")
    expect(block.locator("li", has_text="Décision e2e en retard")).to_contain_text("En retard")

    path = meeting_url.removeprefix(e2e_server.url)
    partner_page = open_page(PARTENAIRE, path)
    expect(partner_page.locator("body")).to_contain_text(MINUTES)
    expect(partner_page.locator("body")).to_contain_text("Décision e2e à venir")

    director = sessions(DIRECTEUR).new_page()
    response = director.goto(meeting_url)
    assert response.status == 403
    expect(director.locator("body")).to_contain_text("partenaires membres de l'instance")
    expect(director.locator("body")).not_to_contain_text(MINUTES)
    director.close()

    bilan = sessions(PARTENAIRE).request.get(e2e_server.url + reverse("rapports:annual_report_pdf", args=[schema.pk, 2026]))
    assert bilan.status == 200
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(bilan.body())).pages).split())
    assert "La gouvernance en 2026" in text
    assert re.search(r"Comité de pilotage e2e", text)
    assert "Décision e2e en retard" in text and "Décision e2e à venir" in text
    assert "La météo des fiches-actions" in text
