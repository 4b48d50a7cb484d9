"""Agréments: record, renew (no overlap), the page of those ending soon, the e-mails to conseillers."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from structures.enums import AgrementKind, AgrementStatus, StructureKind
from structures.models import Agrement
from structures.services import renew_agrement
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


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def agrement_a(structure_a):
    return factories.AgrementFactory(
        structure=structure_a, start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2026, 12, 31)
    )


def test_renew_agrement_starts_the_day_after_the_previous_ends(agrement_a):
    renewed = renew_agrement(previous=agrement_a, end_date=datetime.date(2030, 12, 31))
    assert (renewed.kind, renewed.start_date, renewed.end_date, renewed.status) == (
        AgrementKind.AGC,
        datetime.date(2027, 1, 1),
        datetime.date(2030, 12, 31),
        AgrementStatus.INSTRUCTION,
    )


def test_renew_agrement_refuses_an_overlap(agrement_a):
    renew_agrement(previous=agrement_a, end_date=datetime.date(2030, 12, 31))
    with pytest.raises(ValidationError) as error:
        renew_agrement(previous=agrement_a, end_date=datetime.date(2028, 12, 31))
    assert error.value.messages == [
        "Le renouvellement chevauche l'agrément Animation globale et coordination (AGC) du 01/01/2027 au 31/12/2030."
    ]
    assert Agrement.objects.count() == 2


def test_renew_agrement_refuses_more_than_four_years(agrement_a):
    with pytest.raises(ValidationError) as error:
        renew_agrement(previous=agrement_a, end_date=datetime.date(2031, 1, 1))
    assert "Un agrément dure au plus 4 ans" in " ".join(error.value.messages)
    assert Agrement.objects.count() == 1


def test_agrement_create_access_for_each_role(status_for, structure_a):
    assert status_for(reverse("structures:agrement_create", args=[structure_a.pk])) == CAF_OF_A


def test_agrement_create_records_it(client, conseiller, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_create", args=[structure_a.pk]),
        {"kind": "acf", "start_date": "2024-01-01", "end_date": "2027-12-31", "status": "accorde"},
    )
    assert response.status_code == 302
    assert list(Agrement.objects.values_list("structure", "kind", "start_date")) == [
        (structure_a.pk, "acf", datetime.date(2024, 1, 1))
    ]


def test_agrement_create_refuses_an_overlap_of_the_same_kind(client, conseiller, agrement_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_create", args=[agrement_a.structure_id]),
        {"kind": "agc", "start_date": "2026-06-01", "end_date": "2029-12-31", "status": "accorde"},
    )
    assert response.status_code == 200
    assert (
        "Cet agrément chevauche l&#x27;agrément Animation globale et coordination (AGC) du 01/01/2023 au 31/12/2026."
        in response.content.decode()
    )
    assert Agrement.objects.count() == 1


def test_agrement_create_accepts_another_kind_on_the_same_period(client, conseiller, agrement_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_create", args=[agrement_a.structure_id]),
        {"kind": "acf", "start_date": "2023-01-01", "end_date": "2026-12-31", "status": "accorde"},
    )
    assert response.status_code == 302
    assert Agrement.objects.count() == 2


def test_agrement_create_refuses_more_than_four_years_in_french(client, conseiller, structure_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_create", args=[structure_a.pk]),
        {"kind": "agc", "start_date": "2023-01-01", "end_date": "2027-01-01", "status": "accorde"},
    )
    assert response.status_code == 200
    assert "Un agrément dure au plus 4 ans" in response.content.decode()
    assert not Agrement.objects.exists()


def test_agrement_renew_access_for_each_role(status_for, agrement_a):
    assert status_for(reverse("structures:agrement_renew", args=[agrement_a.pk])) == CAF_OF_A


def test_agrement_renew_page_proposes_four_years(client, conseiller, agrement_a):
    client.force_login(conseiller)
    response = client.get(reverse("structures:agrement_renew", args=[agrement_a.pk]))
    assert response.context["form"].initial["end_date"] == datetime.date(2030, 12, 31)
    assert "Le nouvel agrément commencera le <strong>01/01/2027</strong>" in response.content.decode()


def test_agrement_renew_post_creates_the_next_one(client, conseiller, agrement_a):
    client.force_login(conseiller)
    response = client.post(
        reverse("structures:agrement_renew", args=[agrement_a.pk]),
        {"end_date": "2030-12-31", "status": "accorde", "decision_date": "2026-11-20"},
    )
    assert response.status_code == 302
    renewed = Agrement.objects.latest("start_date")
    assert (renewed.start_date, renewed.end_date, renewed.status, renewed.decision_date) == (
        datetime.date(2027, 1, 1),
        datetime.date(2030, 12, 31),
        AgrementStatus.ACCORDE,
        datetime.date(2026, 11, 20),
    )


def test_agrement_renew_twice_shows_the_overlap_in_french(client, conseiller, agrement_a):
    client.force_login(conseiller)
    url = reverse("structures:agrement_renew", args=[agrement_a.pk])
    client.post(url, {"end_date": "2030-12-31", "status": "instruction"})
    response = client.post(url, {"end_date": "2029-12-31", "status": "instruction"})
    assert response.status_code == 200
    assert "Le renouvellement chevauche l&#x27;agrément" in response.content.decode()
    assert Agrement.objects.count() == 2


def test_agrement_renew_missing_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("structures:agrement_renew", args=[999])).status_code == 404


@pytest.fixture
def ending_dataset(structure_a, structure_b):
    """A ends in 100 days, B ended 10 days ago (a renewal in instruction), C (EVS) runs for 2 years, D elsewhere ends soon."""
    factories.AgrementFactory(structure=structure_a, start_date=days(-1000), end_date=days(100))
    factories.AgrementFactory(structure=structure_a, kind=AgrementKind.ACF, start_date=days(-1000), end_date=days(100))
    factories.AgrementFactory(structure=structure_b, status=AgrementStatus.EXPIRE, start_date=days(-1000), end_date=days(-10))
    factories.AgrementFactory(structure=structure_b, status=AgrementStatus.INSTRUCTION, start_date=days(-9), end_date=days(1000))
    c = factories.StructureFactory(name="EVS C", kind=StructureKind.EVS)
    factories.AgrementFactory(structure=c, kind=AgrementKind.ANIMATION_LOCALE, start_date=days(-100), end_date=days(730))
    d = factories.StructureFactory(
        name="Centre social de Créteil", commune=factories.CommuneFactory(insee_code="94028", department_code="94")
    )
    factories.AgrementFactory(structure=d, start_date=days(-1000), end_date=days(50))


def test_agrements_ending_page_for_the_conseiller(client, conseiller, ending_dataset):
    client.force_login(conseiller)
    response = client.get(reverse("structures:agrements_ending"))
    assert [s.name for s in response.context["ending"]] == ["Centre social A"]
    assert [(s.name, s.agrement.status, s.renewal.start_date) for s in response.context["expired"]] == [
        ("Centre social B", AgrementStatus.EXPIRE, days(-9))
    ]
    assert "En instruction à compter du" in response.content.decode()


def test_agrements_ending_page_for_each_role(client, people, ending_dataset):
    seen = {}
    for name, user in people.items():
        client.force_login(user)
        response = client.get(reverse("structures:agrements_ending"))
        assert response.status_code == 200
        seen[name] = sorted(s.name for s in [*response.context["ending"], *response.context["expired"]])
    assert seen == {
        "admin": ["Centre social A", "Centre social B", "Centre social de Créteil"],
        "conseiller": ["Centre social A", "Centre social B"],
        "conseiller_94": ["Centre social de Créteil"],
        "directeur_a": ["Centre social A"],
        "directeur_b": ["Centre social B"],
        "partenaire": ["Centre social A", "Centre social B", "Centre social de Créteil"],
    }


def test_agrements_ending_anonymous_redirects(client, db):
    assert client.get(reverse("structures:agrements_ending")).status_code == 302


def test_agrements_ending_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries):
    communes = [factories.CommuneFactory() for _ in range(5)]
    structures = factories.StructureFactory.create_batch(80, commune=factories.factory.Iterator(communes))
    for n, structure in enumerate(structures):
        factories.AgrementFactory(structure=structure, start_date=days(-1000), end_date=days(n - 40))
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("structures:agrements_ending"))
    assert (len(response.context["ending"]), len(response.context["expired"])) == (40, 40)


def test_structure_flag_on_the_page(client, conseiller, ending_dataset, structure_a):
    client.force_login(conseiller)
    response = client.get(reverse("structures:structure_detail", args=[structure_a.pk]))
    assert response.context["flag"] == "ending"
    assert "Agrément à renouveler" in response.content.decode()


def test_notify_agrements_mails_each_conseiller_their_territory(mailoutbox, conseiller, conseiller_94, ending_dataset):
    inactive = factories.ConseillerFactory(email="parti@exemple.fr", schemas=list(conseiller.schemas.all()), is_active=False)
    out = io.StringIO()
    call_command("notify_agrements", stdout=out)
    # The locmem backend may rebind mail.outbox: read it after the command.
    outbox = mail.outbox
    assert out.getvalue() == "2 courriels envoyés.\n"
    assert sorted(message.to[0] for message in outbox) == ["conseiller.94@exemple.fr", "conseiller@exemple.fr"]
    assert inactive.email not in [message.to[0] for message in outbox]
    message = next(m for m in outbox if m.to == ["conseiller@exemple.fr"])
    assert message.subject == "Agréments à renouveler : 2 dans les 12 mois"
    commune = Agrement.objects.get(structure__name="Centre social A", kind=AgrementKind.AGC).structure.commune.name
    end = days(100).strftime("%d/%m/%Y")
    assert f"- Centre social A ({commune}) : Animation globale et coordination (AGC), fin le {end}" in message.body
    assert f"- Centre social A ({commune}) : Animation collective familles (ACF), fin le {end}" in message.body
    assert "Créteil" not in message.body
    assert "Centre social B" not in message.body


def test_notify_agrements_sends_nothing_without_ending_agrements(mailoutbox, conseiller):
    out = io.StringIO()
    call_command("notify_agrements", stdout=out)
    assert mail.outbox == []
    assert out.getvalue() == "0 courriel envoyé.\n"
