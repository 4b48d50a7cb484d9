"""manage.py load_demo: the Rhône demo, loaded once for the module and rolled back at its end."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape

from comptes.enums import Role
from comptes.models import User
from demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SCHEMA_SLUG, DEMO_TODAY
from demo.builder import demo_fiche_texts
from fiches.enums import ActionStatus, SchemaStatus
from fiches.models import Action, Fiche, Schema
from gouvernance.enums import DecisionStatus, InstanceKind, Weather
from gouvernance.models import Decision, FicheWeather, Instance
from indicateurs.enums import NUMERIC_KINDS, CampaignStatus, ComputedSource, IndicatorLevel, ValueStatus
from indicateurs.models import Campaign, Indicator, IndicatorValue
from structures.enums import AgrementStatus, ConventionKind, Gestion, StructureKind
from structures.models import Agrement, Convention, Funding, Organisation, SenacsResponse, Structure, add_years


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return Schema.objects.get(slug=DEMO_SCHEMA_SLUG)


def model_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_builds_the_rhone_schema(demo):
    assert demo.title == "Schéma départemental d'animation de la vie sociale du Rhône"
    assert (demo.department_code, demo.department_name, demo.first_year, demo.last_year) == ("69", "Rhône", 2022, 2026)
    assert (demo.pilot.name, demo.status) == ("Caf du Rhône", SchemaStatus.EN_COURS)
    assert list(demo.axes.values_list("number", flat=True)) == [1, 2, 3]


def test_load_demo_imports_the_three_fiches(demo):
    codes = list(Fiche.objects.filter(schema=demo).values_list("code", flat=True))
    assert codes == ["PA 1.1.1", "PA 1.1.2", "PA 2.1.2", "PA 2.2.1", "PA 3.1.1"]
    fiche = Fiche.objects.get(schema=demo, code="PA 2.2.1")
    assert fiche.orientation.number == "2.2"
    assert [(a.number, a.first_year, a.last_year) for a in fiche.actions.all()] == [
        (1, 2022, 2026),
        (2, 2022, 2026),
        (3, 2023, 2026),
    ]
    assert {o.name for o in fiche.funders} == {
        "Caf du Rhône",
        "Communes",
        "État — politique de la ville",
        "Métropole de Lyon",
        "MSA Ain-Rhône",
        "Carsat Rhône-Alpes",
    }
    assert Organisation.objects.filter(name__in=["MSA", "Carsat", "Caf"]).count() == 0


def test_demo_fiche_texts_do_not_copy_the_seeds_prose(seeds_dir):
    demo_text = " ".join(text for _name, text in demo_fiche_texts())
    for path in sorted(seeds_dir.glob("00[0-2]_*.txt")):
        seed = path.read_text(encoding="utf-8")
        prose = seed.split("DIAGNOSTIC", 1)[1].split("PUBLICS ET TERRITOIRES", 1)[0]
        prose += " ".join(re.findall(r"ACTION \d+\s+- ➔ (.+)", seed))
        for sentence in re.split(r"(?<=[.:;])\s+", prose):
            if len(sentence) > 40:
                assert sentence.strip() not in demo_text, sentence


def test_load_demo_creates_the_structures(demo):
    structures = Structure.objects.in_department("69")
    assert structures.filter(kind=StructureKind.CENTRE_SOCIAL).count() == 28
    assert structures.filter(kind=StructureKind.EVS).count() == 12
    assert structures.filter(gestion=Gestion.ASSOCIATIVE).count() >= 26
    assert structures.filter(gestion=Gestion.CAF).count() == 1
    assert 15 <= structures.filter(qpv=True).count() <= 25
    sirets = [s for s in structures.values_list("siret", flat=True) if s]
    assert len(sirets) >= 35
    assert len(set(sirets)) == len(sirets)
    assert all(re.fullmatch(r"\d{14}", siret) for siret in sirets)


def test_load_demo_creates_one_account_per_role(demo, client):
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.avs.fr")}
    assert {email: users[email].role for email, *_rest in DEMO_ACCOUNTS} == {
        "admin@demo.avs.fr": Role.ADMIN,
        "conseiller@demo.avs.fr": Role.CONSEILLER,
        "directeur@demo.avs.fr": Role.DIRECTEUR,
        "partenaire@demo.avs.fr": Role.PARTENAIRE,
    }
    assert users["admin@demo.avs.fr"].is_superuser and users["admin@demo.avs.fr"].is_staff
    conseiller = users["conseiller@demo.avs.fr"]
    assert list(conseiller.schemas.all()) == [demo]
    assert conseiller.followed_fiches.count() == 5
    assert users["partenaire@demo.avs.fr"].organisation.name == "Métropole de Lyon"
    directed = users["directeur@demo.avs.fr"].structures.get()
    campaign_2025 = Campaign.objects.get(schema=demo, year=2025)
    statuses = set(directed.indicator_values.filter(campaign=campaign_2025).values_list("status", flat=True))
    assert statuses == {ValueStatus.DRAFT}


@pytest.mark.parametrize("email", [account[0] for account in DEMO_ACCOUNTS])
def test_demo_accounts_log_in_with_the_demo_password(demo, client, email):
    # A request lets the login go through authentication backends that need one (django-axes).
    assert client.login(request=HttpRequest(), email=email, password=DEMO_PASSWORD)


def test_load_demo_prints_the_accounts_and_password(demo_output):
    assert "Données de démonstration chargées" in demo_output
    for email, *_rest in DEMO_ACCOUNTS:
        assert email in demo_output
    assert f"Mot de passe de tous les comptes : {DEMO_PASSWORD}" in demo_output


def test_load_demo_campaigns_hold_values(demo):
    campaigns = {c.year: c for c in Campaign.objects.filter(schema=demo)}
    assert {year: c.status for year, c in campaigns.items()} == {
        2023: CampaignStatus.CLOSED,
        2024: CampaignStatus.CLOSED,
        2025: CampaignStatus.OPEN,
    }
    assert (campaigns[2025].opens_on, campaigns[2025].closes_on) == (datetime.date(2026, 1, 15), datetime.date(2026, 12, 15))
    for year in (2023, 2024):
        values = IndicatorValue.objects.filter(campaign=campaigns[year])
        assert values.filter(status=ValueStatus.VALIDATED).values("structure").distinct().count() >= 35
    values_2025 = IndicatorValue.objects.filter(campaign=campaigns[2025])
    assert set(values_2025.values_list("status", flat=True)) == set(ValueStatus.values)
    returned = values_2025.filter(status=ValueStatus.RETURNED)
    assert returned.exists() and not returned.filter(return_comment="").exists()
    answered = values_2025.exclude(structure=None).values("structure").distinct().count()
    assert 25 <= answered < 40


def test_load_demo_values_are_plausible(demo):
    values = IndicatorValue.objects.filter(campaign__schema=demo).select_related("indicator")
    assert not values.filter(indicator__computed_source__gt="").exists()
    for value in values:
        kind = value.indicator.kind
        if kind in NUMERIC_KINDS:
            assert value.number is not None and value.number >= 0
        if kind == "percentage":
            assert value.number <= 100
        if kind == "integer":
            assert value.number == int(value.number)
        if kind == "boolean":
            assert value.boolean is not None
        if kind in ("text", "choice"):
            assert value.text
        if kind == "choice":
            assert value.text in value.indicator.options


def test_load_demo_sets_up_the_indicators(demo):
    indicators = Indicator.objects.filter(fiche__schema=demo)
    tripartites = indicators.get(label="Nombre de conventions tripartites signées")
    assert (tripartites.computed_source, tripartites.level) == (
        ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED,
        IndicatorLevel.SCHEMA,
    )
    senacs = indicators.get(label="Taux de participation à SENACS")
    assert (senacs.computed_source, senacs.level) == (ComputedSource.SENACS_SHARE, IndicatorLevel.SCHEMA)
    assert indicators.filter(level=IndicatorLevel.SCHEMA, computed_source="").count() >= 2
    for indicator in indicators.filter(kind__in=NUMERIC_KINDS):
        assert list(indicator.targets.values_list("year", flat=True)) == [2022, 2023, 2024, 2025, 2026], indicator.label


def test_load_demo_tracks_the_progress_of_actions(demo):
    actions = Action.objects.filter(fiche__schema=demo)
    assert actions.count() == 13
    assert actions.late(DEMO_TODAY.year).count() == 3
    for action in actions:
        updates = list(action.updates.order_by("date", "created_at"))
        assert 2 <= len(updates) <= 5
        assert action.last_update == updates[-1]
        assert (action.status, action.progress) == (updates[-1].status, updates[-1].progress)
        assert [u.progress for u in updates] == sorted(u.progress for u in updates)
        assert all(u.author.email == "conseiller@demo.avs.fr" and u.comment for u in updates)
        assert all(datetime.date(2022, 1, 1) <= u.date <= DEMO_TODAY for u in updates)
    assert actions.filter(status=ActionStatus.REALISEE).exists()


def test_load_demo_agrements(demo):
    agrements = Agrement.objects.filter(structure__commune__department_code="69")
    for agrement in agrements:
        agrement.full_clean()
        assert agrement.end_date < add_years(agrement.start_date, 4)
    assert 5 <= agrements.ending_within(12, on=DEMO_TODAY).values("structure").distinct().count() <= 15
    assert agrements.filter(status=AgrementStatus.INSTRUCTION).count() >= 1
    current = agrements.current(on=DEMO_TODAY)
    lapsed = Structure.objects.exclude(agrements__in=current).exclude(agrements__status=AgrementStatus.INSTRUCTION)
    assert lapsed.count() == 1


def test_load_demo_fundings_are_realistic(demo):
    for year in (2023, 2024, 2025):
        for structure in Structure.objects.in_department("69"):
            total = Funding.objects.filter(structure=structure, year=year).aggregate(total=Sum("amount"))["total"]
            caf = Funding.objects.filter(structure=structure, year=year, funder__kind="caf").aggregate(t=Sum("amount"))["t"]
            if structure.kind == StructureKind.CENTRE_SOCIAL:
                assert Decimal(350_000) <= total <= Decimal(1_200_000), structure
                assert Decimal(68_000) <= caf <= Decimal(115_000), structure
            else:
                assert Decimal(30_000) <= total <= Decimal(80_000), structure
    assert SenacsResponse.objects.filter(year=2024).count() >= 30


def test_load_demo_conventions(demo):
    conventions = Convention.objects.filter(department_code="69")
    tripartites = conventions.filter(kind=ConventionKind.TRIPARTITE)
    assert {year: tripartites.signed_in(year).count() for year in (2023, 2024, 2025)} == {2023: 3, 2024: 4, 2025: 3}
    assert conventions.filter(kind=ConventionKind.CTG).count() == 1
    assert conventions.filter(kind=ConventionKind.CADRE).count() == 1
    for convention in tripartites:
        assert convention.structures.count() == 1
        assert {o.kind for o in convention.organisations.all()} == {"caf", "commune"}


def test_load_demo_twice_changes_nothing(demo):
    before = model_counts()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "Les données de démonstration sont déjà chargées." in out.getvalue()
    assert model_counts() == before


def test_load_demo_reset_reloads_the_same_data(demo):
    before = model_counts()
    amounts = Funding.objects.aggregate(total=Sum("amount"))["total"]
    history = {label for label in before if ".Historical" in label}

    call_command("load_demo", "--reset", stdout=StringIO())

    after = model_counts()
    assert {k: v for k, v in after.items() if k not in history and k != "sessions.Session"} == {
        k: v for k, v in before.items() if k not in history and k != "sessions.Session"
    }
    assert Funding.objects.aggregate(total=Sum("amount"))["total"] == amounts
    assert Schema.objects.filter(slug=DEMO_SCHEMA_SLUG).count() == 1


def test_load_demo_governance_has_a_comite_de_pilotage_with_meetings_and_decisions(demo):
    instance = Instance.objects.get(schema=demo)
    assert (instance.kind, instance.name) == (InstanceKind.COPIL, "Comité de pilotage du schéma AVS du Rhône")
    assert instance.members.count() == 7
    meetings = list(instance.meetings.order_by("date"))
    assert [m.date for m in meetings] == [datetime.date(2025, 12, 9), datetime.date(2026, 6, 16)]
    assert [m.attendees.count() for m in meetings] == [6, 6]
    decisions = Decision.objects.filter(meeting__body=instance).order_by("due_date")
    assert [d.status for d in decisions] == [
        DecisionStatus.REALISEE,
        DecisionStatus.EN_COURS,
        DecisionStatus.A_ENGAGER,
        DecisionStatus.EN_COURS,
        DecisionStatus.A_ENGAGER,
    ]
    assert decisions.late(DEMO_TODAY).count() == 1  # the dialogues de gestion, due at the end of September
    assert decisions.filter(actions__isnull=False).distinct().count() == 4
    for decision in decisions:
        updates = list(decision.updates.order_by("date", "created_at"))
        assert decision.status == (updates[-1].status if updates else DecisionStatus.A_ENGAGER)
        assert all(decision.meeting.date <= u.date <= DEMO_TODAY for u in updates)


def test_load_demo_governance_gives_each_fiche_its_weather(demo):
    current = FicheWeather.objects.current_for(Fiche.objects.filter(schema=demo), 2026)
    assert {w.fiche.code: w.weather for w in current.values()} == {
        "PA 1.1.1": Weather.SECURISEE,
        "PA 1.1.2": Weather.A_SURVEILLER,
        "PA 2.1.2": Weather.SECURISEE,
        "PA 2.2.1": Weather.SECURISEE,
        "PA 3.1.1": Weather.COMPROMISE,
    }
    assert FicheWeather.objects.filter(fiche__schema=demo).count() == 6


def test_load_demo_governance_pages_show_the_decisions_to_the_partner(demo, client):
    client.force_login(User.objects.get(email="partenaire@demo.avs.fr"))
    instance = Instance.objects.get(schema=demo)

    response = client.get(reverse("gouvernance:decision_register", args=[demo.pk]))

    assert response.status_code == 200
    for decision in Decision.objects.filter(meeting__body=instance):
        assert escape(decision.text) in response.content.decode()
    assert client.get(reverse("gouvernance:instance_detail", args=[instance.pk])).status_code == 200


def test_load_demo_values_are_entered_then_checked_as_people_would(demo):
    conseiller = User.objects.get(email="conseiller@demo.avs.fr")
    directeur = User.objects.get(email="directeur@demo.avs.fr")
    values = IndicatorValue.objects.filter(campaign__schema=demo, structure__isnull=False)
    expected_reasons = {
        ValueStatus.DRAFT: ["Saisie"],
        ValueStatus.SUBMITTED: ["Transmise"],
        ValueStatus.VALIDATED: ["Transmise", "Validée"],
        ValueStatus.RETURNED: ["Transmise", "Renvoyée pour correction"],
    }
    for value in values.filter(campaign__year=2025):
        reasons = list(value.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))
        assert reasons == expected_reasons[value.status], value
    assert not values.filter(status__in=[ValueStatus.VALIDATED, ValueStatus.RETURNED]).exclude(updated_by=conseiller).exists()
    director_values = values.filter(structure__directors=directeur)
    assert director_values.exists()
    assert {v.history.earliest("history_date").history_user for v in director_values} == {directeur}
