"""Three journeys, one per role that writes or reads the schéma, in Chromium, on the demo data."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.pages import CONSEILLER, DIRECTEUR, PARTENAIRE

pytestmark = pytest.mark.e2e


def test_conseiller_records_an_update_of_a_late_action(open_page, orm):
    from fiches.models import Action

    page = open_page(CONSEILLER, reverse("fiches:action_list"))
    page.get_by_label("En retard", exact=True).select_option(label="En retard")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"late=oui"))
    first_row = page.locator("table.avs-table tbody tr").first
    action_link = first_row.get_by_role("link", name=re.compile(r"^Action \d+"))
    action_pk = int(re.search(r"/actions/(\d+)/", action_link.get_attribute("href")).group(1))
    with orm:
        action = Action.objects.get(pk=action_pk)
        progress = min(action.progress + 5, 95)  # 100 % would have to be « Réalisée »

    # From the fiche page: the action's inline form.
    first_row.get_by_role("link", name=action.fiche.code).click()
    row = page.locator(f"#action-{action_pk}")
    row.locator("summary", has_text="Mettre à jour l'avancement").click()
    # A date in the future is refused, and the error is announced and tied to its field.
    row.get_by_label("Date").fill("2099-01-01")
    row.get_by_role("button", name="Enregistrer la mise à jour").click()
    date_field = page.locator(f"#action-{action_pk}").get_by_label("Date")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    error_id = date_field.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"[id='{error_id}']")).to_contain_text("ne peut pas être dans le futur")

    row = page.locator(f"#action-{action_pk}")
    row.get_by_label("Date").fill("2026-11-20")
    row.get_by_label("Avancement (%)").fill(str(progress))
    row.get_by_label("Commentaire").fill("Point d'étape e2e : le comité a relancé la démarche.")
    row.get_by_role("button", name="Enregistrer la mise à jour").click()
    expect(page.locator(f"#action-{action_pk} .avs-action-last")).to_contain_text("le comité a relancé la démarche")

    # The timeline of the action shows it first.
    page.locator(f"#action-{action_pk}").get_by_role("link", name="Historique").click()
    latest = page.locator("ol.avs-timeline > li").first
    expect(latest).to_contain_text("Point d'étape e2e : le comité a relancé la démarche.")
    expect(latest).to_contain_text("20 novembre 2026")
    expect(latest).to_contain_text(f"{progress} %")
    expect(latest).to_contain_text("Par Julien Perrin")
    with orm:
        action.refresh_from_db()
        assert action.progress == progress
        assert action.last_update.comment == "Point d'étape e2e : le comité a relancé la démarche."


def test_progress_is_recorded_from_the_action_page_and_from_the_fiche_page(open_page, orm):
    from core.templatetags.avs import progress_bar
    from fiches.models import Action, Fiche
    from fiches.progress import fiche_progress

    page = open_page(CONSEILLER, reverse("fiches:action_list"))
    action_link = page.locator("table.avs-table tbody tr").first.get_by_role("link", name=re.compile(r"^Action \d+"))
    action_pk = int(re.search(r"/actions/(\d+)/", action_link.get_attribute("href")).group(1))
    with orm:
        action = Action.objects.select_related("fiche").get(pk=action_pk)
        fiche_pk = action.fiche_id
        first, second = (37, 41) if action.progress != 37 else (38, 41)

    # On the action's own page the form posts (no row to swap there) and the history shows the update.
    action_link.click()
    form = page.locator("form", has=page.get_by_role("button", name="Enregistrer la mise à jour"))
    form.get_by_label("Statut").select_option(label="En cours")
    form.get_by_label("Avancement (%)").fill(str(first))
    form.get_by_label("Commentaire").fill("Mise à jour depuis la page de l'action.")
    form.get_by_role("button", name="Enregistrer la mise à jour").click()
    expect(page.locator(".avs-messages")).to_contain_text(f"Mise à jour de l'action {action.number} enregistrée.")
    latest = page.locator("ol.avs-timeline > li").first
    expect(latest).to_contain_text("Mise à jour depuis la page de l'action.")
    expect(latest).to_contain_text(f"{first} %")

    # On the fiche page, htmx swaps the row and the fiche's overall percentage follows.
    page.goto(page.url.split("/schemas/")[0] + reverse("fiches:fiche_detail", args=[fiche_pk]))
    row = page.locator(f"#action-{action_pk}")
    row.locator("summary", has_text="Mettre à jour l'avancement").click()
    row.get_by_label("Avancement (%)").fill(str(second))
    row.get_by_label("Commentaire").fill("Mise à jour depuis la fiche.")
    row.get_by_role("button", name="Enregistrer la mise à jour").click()
    expect(page.locator(f"#action-{action_pk} .avs-action-last")).to_contain_text("Mise à jour depuis la fiche.")
    with orm:
        shown = re.search(r'value="(\d+)"', progress_bar(fiche_progress(Fiche.objects.get(pk=fiche_pk)))).group(1)
    expect(page.locator("#fiche-progress progress")).to_have_attribute("value", shown)

    page.locator(f"#action-{action_pk}").get_by_role("link", name="Historique").click()
    entries = page.locator("ol.avs-timeline > li")
    expect(entries.first).to_contain_text("Mise à jour depuis la fiche.")
    expect(entries.nth(1)).to_contain_text("Mise à jour depuis la page de l'action.")
    with orm:
        action.refresh_from_db()
        assert (action.status, action.progress) == ("en_cours", second)


def fill_empty_values(page):
    """Give every empty, editable value of the entry form a plausible answer."""
    fields = page.locator("form.avs-ind-entry [name^='valeur-']")
    for index in range(fields.count()):
        field = fields.nth(index)
        if not field.is_editable():
            continue
        tag = field.evaluate("element => element.tagName.toLowerCase()")
        if tag == "select":
            if not field.input_value():
                field.select_option(index=1)
        elif not field.input_value().strip():
            field.fill("Réponse saisie dans le navigateur." if tag == "textarea" else "12")


def change_value(field):
    tag = field.evaluate("element => element.tagName.toLowerCase()")
    if tag == "select":
        options = field.locator("option").all()
        current = field.input_value()
        field.select_option(next(o.get_attribute("value") for o in options if o.get_attribute("value") not in ("", current)))
    elif tag == "textarea":
        field.fill("Réponse corrigée après le renvoi de la Caf.")
    else:
        field.fill("7")


def test_campaign_values_are_entered_returned_corrected_and_validated(open_page, demo, orm):
    from indicateurs.enums import ValueStatus
    from indicateurs.models import IndicatorValue

    campaign, structure = demo["campaign"], demo["structure"]
    entry_path = reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
    validation_path = reverse("indicateurs:validation_structure", args=[campaign.pk, structure.pk])
    values = IndicatorValue.objects.filter(campaign=campaign, structure=structure)

    # The director fills in the values, saves a draft, then submits.
    page = open_page(DIRECTEUR, entry_path)
    fill_empty_values(page)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("button", name="Transmettre")).to_be_visible()
    with orm:
        assert set(values.values_list("status", flat=True)) == {ValueStatus.DRAFT}
    page.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_text("Toutes les valeurs sont transmises")).to_be_visible()
    with orm:
        assert set(values.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}
        submitted = values.count()

    # The conseiller sends one back with a comment.
    page = open_page(CONSEILLER, validation_path)
    article = page.locator("article").first
    label = article.locator("h2").inner_text()
    article.locator("summary", has_text="Renvoyer cette valeur à la structure").click()
    article.get_by_role("textbox", name="Motif du renvoi").fill("Le chiffre semble inversé avec celui de 2024.")
    article.get_by_role("button", name="Renvoyer pour correction").click()
    expect(page.get_by_text("Motif du renvoi : Le chiffre semble inversé avec celui de 2024.")).to_be_visible()

    # The director sees the comment, corrects and submits again.
    page = open_page(DIRECTEUR, entry_path)
    expect(page.get_by_role("alert").filter(has_text="La Caf vous a renvoyé 1 valeur")).to_be_visible()
    returned = page.locator(".avs-ind-returned")
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text("Renvoyée par la Caf : Le chiffre semble inversé avec celui de 2024.")
    change_value(returned.get_by_label(label, exact=True))
    page.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_text("Toutes les valeurs sont transmises")).to_be_visible()

    # The conseiller validates them all.
    page = open_page(CONSEILLER, validation_path)
    page.get_by_role("button", name=re.compile(r"^Valider les \d+ valeurs? transmises?")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Valider les"))).to_have_count(0)
    with orm:
        assert set(values.values_list("status", flat=True)) == {ValueStatus.VALIDATED}
        assert values.count() == submitted


def test_partner_opens_the_dashboards_and_downloads_the_annual_report(open_page, demo):
    from rapports.annual import report_filename

    page = open_page(PARTENAIRE, reverse("rapports:dashboard"))
    for link, heading in (
        ("Avancement des actions", "Avancement"),
        ("Indicateurs et campagne", "Indicateurs"),
        ("Structures : l'AVS en bref", "Structures"),
    ):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.locator(".avs-dash-toolbar")).to_be_visible()
        page.go_back()

    with page.expect_download(timeout=120_000) as info:  # WeasyPrint builds the whole report
        page.get_by_role("link", name=re.compile(r"^Télécharger le bilan \d{4} \(PDF\)")).first.click()
    download = info.value
    year = int(re.search(r"bilan-(\d{4})", download.url).group(1))
    assert download.suggested_filename == report_filename(demo["schema"], year)
    content = open(download.path(), "rb").read()  # noqa: SIM115
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Sommaire" in text
    assert f"Chiffres clés {year}" in text
