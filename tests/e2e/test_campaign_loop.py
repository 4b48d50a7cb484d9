"""A yearly campaign run end to end in Chromium, on the demo data: entry with an implausible value confirmed and
one taken unchanged from last year, validation of one value and the return of another (with its e-mail),
correction, reminders of the late structures with their preview, closing after confirmation, reopening for one
structure, which sees it at once."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.pages import ADMIN, CONSEILLER

pytestmark = pytest.mark.e2e

BUDGET = "Budget annuel de fonctionnement de la structure"
DIRECTOR = "directrice.loop@demo.avs.fr"


def _pick_structure(campaign):
    """A structure of the demo that has not started its 2025 entry and had a 2024 budget, given a director."""
    from comptes.enums import Role
    from comptes.models import User
    from demo import DEMO_PASSWORD
    from indicateurs.models import IndicatorValue

    started = IndicatorValue.objects.filter(campaign=campaign, structure__isnull=False).values("structure_id")
    budgets = IndicatorValue.objects.filter(
        campaign__schema=campaign.schema, campaign__year=2024, indicator__label=BUDGET, number__gt=0
    ).values("structure_id")
    structure = (
        campaign.structures().exclude(pk__in=started).filter(pk__in=budgets, directors__isnull=True).order_by("name").first()
    )
    director = User.objects.create_user(DIRECTOR, DEMO_PASSWORD, role=Role.DIRECTEUR, first_name="Inès", last_name="Loop")
    director.structures.add(structure)
    return structure


def test_a_campaign_end_to_end(open_page, demo, orm):
    from indicateurs.enums import CampaignStatus, Confirmation, ValueStatus
    from indicateurs.models import CampaignEvent, IndicatorValue

    campaign = demo["campaign"]
    with orm:
        structure = _pick_structure(campaign)
    entry_path = reverse("indicateurs:entry", args=[campaign.pk, structure.pk])
    try:
        _run(open_page, orm, campaign, structure, entry_path)
    finally:
        with orm:  # the other browser tests expect the demo's campaign open
            campaign.refresh_from_db()
            campaign.status = CampaignStatus.OPEN
            campaign.save()
            campaign.reopened_structures.clear()

    with orm:
        values = IndicatorValue.objects.filter(campaign=campaign, structure=structure)
        assert set(values.values_list("status", flat=True)) == {ValueStatus.DRAFT}
        assert values.get(indicator__label=BUDGET).confirmation == Confirmation.OUTLIER
        events = CampaignEvent.objects.filter(campaign=campaign)
        # It had submitted everything when the late structures were reminded: it was not among them.
        assert list(events.filter(structure=structure).values_list("kind", flat=True)) == ["reopened"]
        assert events.filter(kind="reminded", by__email=CONSEILLER).exists()


def _run(open_page, orm, campaign, structure, entry_path):
    from indicateurs.enums import Confirmation, ValueStatus
    from indicateurs.models import IndicatorValue

    values = IndicatorValue.objects.filter(campaign=campaign, structure=structure)

    # The director takes one value unchanged from 2024 in one click…
    page = open_page(DIRECTOR, entry_path)
    page.get_by_role("button", name=re.compile(r"^Inchangée : reprendre .* pour « Nombre de salariés")).click()
    expect(page.get_by_text("La valeur 2024 est reprise et confirmée. Brouillon enregistré.")).to_be_visible()
    expect(page.get_by_text("Identique à 2024, confirmée")).to_have_count(1)
    # …types a budget of 7 €: the application asks, while typing, and the director confirms.
    budget = page.get_by_label(BUDGET, exact=True)
    question = page.locator(f"[data-question-for='{budget.get_attribute('id')}']")
    expect(question).to_be_hidden()
    budget.fill("7")
    expect(question).to_be_visible()
    expect(question).to_contain_text("Cette valeur est très différente de 2024")
    question.get_by_label("Je confirme cette valeur").check()
    _fill_empty(page)
    page.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_text("Toutes les valeurs sont transmises")).to_be_visible()
    with orm:
        assert set(values.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}
        confirmed = values.get(indicator__label=BUDGET)
        assert (confirmed.number, confirmed.confirmation) == (7, Confirmation.OUTLIER)

    # The conseiller sees the questioned budget first, validates it, and sends another value back.
    page = open_page(CONSEILLER, reverse("indicateurs:validation_structure", args=[campaign.pk, structure.pk]))
    first = page.locator("article").first
    expect(first.locator("h2")).to_have_text(BUDGET)
    expect(first).to_contain_text("La structure a confirmé cette valeur.")
    expect(first).to_contain_text("2024 :")
    first.get_by_role("button", name=re.compile(r"^Valider cette valeur")).click()
    expect(page.get_by_text(f"La valeur « {BUDGET} » de {structure.name} est validée.")).to_be_visible()
    other = page.locator("article").nth(1)
    label = other.locator("h2").inner_text()
    other.locator("summary", has_text="Renvoyer cette valeur à la structure").click()
    other.get_by_role("textbox", name="Motif du renvoi").fill("Merci de vérifier ce chiffre.")
    other.get_by_role("button", name="Renvoyer pour correction").click()
    expect(page.get_by_text("Motif du renvoi : Merci de vérifier ce chiffre.")).to_be_visible()
    [returned_mail] = [m for m in mail.outbox if m.to == [DIRECTOR] and m.subject.startswith("Valeur à corriger")]
    assert "Motif du renvoi : Merci de vérifier ce chiffre." in returned_mail.body
    assert entry_path in returned_mail.body

    # The director corrects it and submits again.
    page = open_page(DIRECTOR, entry_path)
    returned = page.locator(".avs-ind-returned")
    expect(returned).to_contain_text("Renvoyée par la Caf : Merci de vérifier ce chiffre.")
    field = returned.get_by_label(label, exact=True)
    if field.evaluate("element => element.tagName.toLowerCase()") == "select":
        options = [o.get_attribute("value") for o in field.locator("option").all()]
        field.select_option(next(v for v in options if v not in ("", field.input_value())))
    elif field.evaluate("element => element.tagName.toLowerCase()") == "textarea":
        field.fill("Réponse corrigée.")
    else:
        field.fill(str(int(re.sub(r"\D", "", field.input_value().split(",")[0]) or "0") + 1))
        hint = returned.get_by_label("Je confirme cette valeur")
        if hint.count() and hint.is_visible():
            hint.check()
    page.get_by_role("button", name="Transmettre").click()
    expect(page.get_by_text("Toutes les valeurs sont transmises")).to_be_visible()

    # The conseiller reminds the late structures, after a preview of the e-mail.
    page = open_page(CONSEILLER, reverse("indicateurs:completeness", args=[campaign.pk]))
    page.get_by_role("button", name=re.compile(r"^Relancer toutes les structures en retard")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"Relancer \d+ structures?"))
    expect(page.locator(".avs-ind-email")).to_contain_text("ne sont pas encore toutes transmises")
    page.get_by_role("button", name="Envoyer la relance").click()
    expect(page.get_by_text(re.compile(r"\d+ structures? relancées? \(\d+ courriels? envoyés?\)\."))).to_be_visible()

    # The administrator closes the campaign after confirming, then reopens it for the structure only.
    page = open_page(ADMIN, reverse("indicateurs:campaign_detail", args=[campaign.pk]))
    page.get_by_role("link", name="Clore la campagne…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clore la campagne 2025 ?")
    page.get_by_role("button", name="Oui, clore la campagne").click()
    expect(page.get_by_text("La campagne est close.")).to_be_visible()
    until = datetime.date.today() + datetime.timedelta(days=7)
    form = page.locator("form", has_text="Rouvrir la saisie pour des structures")
    form.get_by_label(structure.name, exact=True).check()
    form.get_by_label("Saisie ouverte jusqu'au").fill(until.isoformat())
    form.get_by_label("Motif").fill("Budget à corriger après le conseil d'administration.")
    form.get_by_role("button", name="Rouvrir la saisie pour les structures cochées").click()
    expect(page.get_by_text(f"La saisie est rouverte pour {structure.name} jusqu'au {until:%d/%m/%Y}")).to_be_visible()
    expect(page.locator(".avs-ind-log")).to_contain_text("Budget à corriger après le conseil d'administration.")

    # The structure sees it at once, with its deadline, and has an e-mail.
    page = open_page(DIRECTOR, reverse("home"))
    expect(page.get_by_text(f"Saisie rouverte pour vous jusqu'au {until:%d/%m/%Y}")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Renseigner les indicateurs 2025")).click()
    expect(page.get_by_text(f"Saisie rouverte pour {structure.name} jusqu'au {until:%d/%m/%Y}")).to_be_visible()
    expect(page.get_by_role("button", name="Transmettre")).to_be_visible()
    assert [m for m in mail.outbox if m.to == [DIRECTOR] and m.subject.startswith("Saisie rouverte jusqu'au")]


def _fill_empty(page):
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


def test_a_failing_form_opens_on_its_error_summary(open_page):
    page = open_page(ADMIN, reverse("indicateurs:campaign_create"))
    page.get_by_role("button", name="Créer la campagne").click()

    summary = page.locator(".avs-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(re.compile(r"^\d+ erreurs à corriger$"))
    summary.get_by_role("link", name=re.compile(r"^Ouverture :")).click()
    expect(page.get_by_label("Ouverture")).to_be_focused()
