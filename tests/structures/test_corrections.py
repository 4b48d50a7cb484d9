"""Correcting and deleting an agrément or a funding: the Caf in charge only, no lost update, a trace kept."""

import datetime

import pytest
from django.urls import reverse

from structures.enums import AgrementStatus
from structures.models import Agrement, Funding
from tests import factories

CAF_OF_A = {
    "admin": 200,
    "conseiller": 200,
    "conseiller_94": 403,
    "directeur_a": 403,
    "directeur_b": 403,
    "partenaire": 403,
    "anonyme": 302,
}


@pytest.fixture
def agrement_a(structure_a):
    return factories.AgrementFactory(
        structure=structure_a,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        status=AgrementStatus.INSTRUCTION,
    )


@pytest.fixture
def funding_a(structure_a):
    return factories.FundingFactory(structure=structure_a, year=2024, amount=70000)


def agrement_data(agrement, **changes):
    data = {
        "kind": agrement.kind,
        "start_date": agrement.start_date.isoformat(),
        "end_date": agrement.end_date.isoformat(),
        "decision_date": "",
        "status": agrement.status,
        "comment": agrement.comment,
        "version": agrement.version,
    }
    return {**data, **changes}


def funding_data(funding, **changes):
    data = {
        "funder": funding.funder_id,
        "year": funding.year,
        "nature": funding.nature,
        "amount": str(funding.amount),
        "comment": funding.comment,
        "version": funding.version,
    }
    return {**data, **changes}


@pytest.mark.parametrize("name", ["agrement_edit", "agrement_delete"])
def test_agrement_correction_pages_for_each_role(status_for, agrement_a, name):
    assert status_for(reverse(f"structures:{name}", args=[agrement_a.pk])) == CAF_OF_A


@pytest.mark.parametrize("name", ["funding_edit", "funding_delete"])
def test_funding_correction_pages_for_each_role(status_for, funding_a, name):
    assert status_for(reverse(f"structures:{name}", args=[funding_a.pk])) == CAF_OF_A


def test_a_conseiller_records_the_decision_on_an_agrement(client, conseiller, agrement_a):
    client.force_login(conseiller)

    response = client.post(
        reverse("structures:agrement_edit", args=[agrement_a.pk]),
        agrement_data(agrement_a, status=AgrementStatus.ACCORDE, decision_date="2022-12-15"),
    )

    assert response.status_code == 302
    agrement_a.refresh_from_db()
    assert (agrement_a.status, agrement_a.decision_date, agrement_a.version) == (
        AgrementStatus.ACCORDE,
        datetime.date(2022, 12, 15),
        2,
    )
    assert agrement_a.history.first().history_user == conseiller


def test_an_agrement_correction_may_not_overlap_another(client, conseiller, agrement_a, structure_a):
    later = factories.AgrementFactory(
        structure=structure_a, start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2030, 12, 31)
    )
    client.force_login(conseiller)

    response = client.post(reverse("structures:agrement_edit", args=[later.pk]), agrement_data(later, start_date="2026-06-01"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("Cet agrément chevauche l'agrément")
    later.refresh_from_db()
    assert later.start_date == datetime.date(2027, 1, 1)


def test_a_stale_agrement_correction_is_refused_and_the_input_kept(client, conseiller, admin_user, agrement_a):
    url = reverse("structures:agrement_edit", args=[agrement_a.pk])
    read = agrement_data(agrement_a)
    client.force_login(admin_user)
    client.post(url, {**read, "status": AgrementStatus.REFUSE})
    client.force_login(conseiller)

    response = client.post(url, {**read, "status": AgrementStatus.ACCORDE, "comment": "Décision du conseil"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un d&#x27;autre a enregistré une modification" in page
    assert "Décision du conseil" in page
    agrement_a.refresh_from_db()
    assert agrement_a.status == AgrementStatus.REFUSE


def test_a_conseiller_corrects_a_funding_amount(client, conseiller, funding_a):
    client.force_login(conseiller)

    response = client.post(reverse("structures:funding_edit", args=[funding_a.pk]), funding_data(funding_a, amount="72500.50"))

    assert response.status_code == 302
    funding_a.refresh_from_db()
    assert str(funding_a.amount) == "72500.50"


def test_a_funding_amount_with_letters_is_refused_in_french(client, conseiller, funding_a):
    client.force_login(conseiller)

    response = client.post(reverse("structures:funding_edit", args=[funding_a.pk]), funding_data(funding_a, amount="70 k€"))

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == ["Saisissez un nombre."]
    funding_a.refresh_from_db()
    assert funding_a.amount == 70000


def test_deleting_a_funding_asks_first_then_leaves_a_trace(client, conseiller, funding_a, structure_a):
    client.force_login(conseiller)
    url = reverse("structures:funding_delete", args=[funding_a.pk])

    confirm = client.get(url)
    assert "Voulez-vous supprimer ce financement" in confirm.content.decode()
    assert Funding.objects.filter(pk=funding_a.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("structures:structure_detail", args=[structure_a.pk])
    assert not Funding.objects.filter(pk=funding_a.pk).exists()
    deletion = Funding.history.filter(id=funding_a.pk).latest("history_date")
    assert (deletion.history_type, deletion.history_user) == ("-", conseiller)


def test_deleting_an_agrement_leaves_a_trace(client, conseiller, agrement_a):
    client.force_login(conseiller)

    client.post(reverse("structures:agrement_delete", args=[agrement_a.pk]))

    assert not Agrement.objects.filter(pk=agrement_a.pk).exists()
    assert Agrement.history.filter(id=agrement_a.pk, history_type="-").exists()


def test_the_structure_page_offers_corrections_to_the_caf_only(client, conseiller, directeur_a, agrement_a, funding_a):
    edit_funding = reverse("structures:funding_edit", args=[funding_a.pk])
    edit_agrement = reverse("structures:agrement_edit", args=[agrement_a.pk])
    page_url = reverse("structures:structure_detail", args=[agrement_a.structure_id])

    client.force_login(conseiller)
    page = client.get(page_url).content.decode()
    assert edit_funding in page and edit_agrement in page

    client.force_login(directeur_a)
    page = client.get(page_url).content.decode()
    assert edit_funding not in page and edit_agrement not in page


def test_an_identical_second_funding_is_refused_in_french(client, conseiller, funding_a, structure_a):
    client.force_login(conseiller)
    data = {
        "funder": funding_a.funder_id,
        "year": funding_a.year,
        "nature": funding_a.nature,
        "amount": "70000.00",
        "comment": "Saisi deux fois",
    }

    response = client.post(reverse("structures:funding_create", args=[structure_a.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ce financement est déjà enregistré pour cette structure : même financeur, même année, même nature et même "
        "montant. Corrigez la ligne existante plutôt que d'en ajouter une seconde."
    ]
    assert Funding.objects.count() == 1
    other_amount = client.post(reverse("structures:funding_create", args=[structure_a.pk]), {**data, "amount": "5000"})
    assert other_amount.status_code == 302
    assert Funding.objects.count() == 2


def test_the_database_refuses_an_identical_second_funding(funding_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Funding.objects.create(
            structure=funding_a.structure,
            funder=funding_a.funder,
            year=funding_a.year,
            nature=funding_a.nature,
            amount=funding_a.amount,
        )


@pytest.mark.parametrize("status", [AgrementStatus.ACCORDE, AgrementStatus.REFUSE])
def test_a_decided_agrement_with_a_decision_date_in_the_future_is_refused(client, conseiller, agrement_a, status):
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(conseiller)

    response = client.post(
        reverse("structures:agrement_edit", args=[agrement_a.pk]),
        agrement_data(agrement_a, status=status, decision_date=tomorrow.isoformat()),
    )

    assert response.status_code == 200
    label = AgrementStatus(status).label
    assert response.context["form"].errors["decision_date"] == [
        f"Un agrément « {label} » a été décidé : sa date de décision ({tomorrow:%d/%m/%Y}) ne peut pas être dans le futur."
    ]
    agrement_a.refresh_from_db()
    assert (agrement_a.status, agrement_a.decision_date) == (AgrementStatus.INSTRUCTION, None)


def test_an_agrement_in_instruction_may_carry_the_date_of_the_coming_commission(client, conseiller, agrement_a):
    from django.utils import timezone

    commission = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_edit", args=[agrement_a.pk]),
        agrement_data(agrement_a, decision_date=commission.isoformat()),
    )
    assert response.status_code == 302
    agrement_a.refresh_from_db()
    assert agrement_a.decision_date == commission


@pytest.mark.parametrize(
    ("start", "end"), [("9999-12-30", "9999-12-31"), ("9999-12-31", "2026-12-31"), ("0001-01-01", "0001-06-01")]
)
def test_an_agrement_with_dates_out_of_range_gets_a_french_error_not_a_500(client, conseiller, structure_a, start, end):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_create", args=[structure_a.pk]),
        {"kind": "agc", "start_date": start, "end_date": end, "status": "instruction"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == ["La date doit être comprise entre le 01/01/1900 et le 31/12/2100."]
    assert not Agrement.objects.exists()
