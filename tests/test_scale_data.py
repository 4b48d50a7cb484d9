"""A small run of generate_scale_data: exact counts and the shapes the benchmark relies on."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min

from comptes.enums import Role
from comptes.models import User
from demo.scale.network import structures_per_department
from demo.scale.reference import Department, load_national_communes
from fiches.enums import CLOSED_STATUSES
from fiches.models import Action, ActionUpdate, Axis, Fiche, Orientation, Schema
from indicateurs.enums import CampaignStatus, IndicatorLevel
from indicateurs.models import Campaign, Indicator, IndicatorValue
from structures.enums import OrganisationKind, StructureKind
from structures.models import Agrement, Commune, Funding, Structure

SMALL = (
    "--departments", "2", "--fiches-per-schema", "4", "--actions-per-fiche", "2", "--updates-per-action", "2.5",
    "--structures-per-department", "5", "--campaigns", "2", "--seed", "7",
)  # fmt: skip


@pytest.fixture
def small_scale(db, national_communes_file):
    # The generator reads the national communes file (../shared/data/communes.csv): skipped without it, except in CI.
    call_command("generate_scale_data", *SMALL, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_generate_scale_data_small_run_exact_counts_and_shapes(small_scale):
    assert list(Schema.objects.order_by("department_code").values_list("department_code", "department_name")) == [
        ("01", "Ain"),
        ("02", "Aisne"),
    ]
    assert Commune.objects.count() == 34920
    assert Axis.objects.count() == 8
    assert Orientation.objects.count() == 16
    assert Fiche.objects.count() == 8
    assert Action.objects.count() == 16
    assert ActionUpdate.objects.count() == 40
    assert Indicator.objects.count() == 30
    assert Indicator.objects.filter(level=IndicatorLevel.SCHEMA).count() == 4
    assert Structure.objects.count() == 10
    assert User.objects.filter(role=Role.DIRECTEUR).count() == 10
    assert User.objects.filter(role=Role.CONSEILLER, schemas__department_code__in=["01", "02"]).count() == 2
    assert User.objects.filter(role=Role.PARTENAIRE, organisation__kind=OrganisationKind.DEPARTEMENT).count() == 2
    assert list(Campaign.objects.order_by("schema__department_code", "year").values_list("year", "status")) == [
        (2024, CampaignStatus.CLOSED),
        (2025, CampaignStatus.OPEN),
        (2024, CampaignStatus.CLOSED),
        (2025, CampaignStatus.OPEN),
    ]
    assert IndicatorValue.objects.filter(structure__isnull=True).count() == 8

    # Structures in real communes (not arrondissements) of their département, three centres sociaux out of five.
    kinds = Counter(Structure.objects.values_list("commune__department_code", "kind"))
    assert kinds == {
        ("01", StructureKind.CENTRE_SOCIAL): 3,
        ("01", StructureKind.EVS): 2,
        ("02", StructureKind.CENTRE_SOCIAL): 3,
        ("02", StructureKind.EVS): 2,
    }
    assert not Structure.objects.filter(commune__parent_code__gt="").exists()
    assert Agrement.objects.values("structure").distinct().count() == 10
    assert Funding.objects.values("structure").distinct().count() == 10
    mismatched = IndicatorValue.objects.exclude(structure__isnull=True).exclude(
        structure__commune__department_code=F("campaign__schema__department_code")
    )
    assert mismatched.count() == 0
    # Action state: the latest update, at least one update per action.
    per_action = Action.objects.annotate(n=Count("updates"), latest=Max("updates__date"), first=Min("updates__date"))
    assert all(action.n >= 1 for action in per_action)
    for action in Action.objects.select_related("last_update"):
        latest = action.updates.order_by("-date", "-created_at", "-pk").first()
        assert action.last_update == latest
        assert (action.status, action.progress) == (latest.status, latest.progress)
        assert latest.date <= datetime.date(2026, 11, 22)
    assert all(u.progress <= 100 for u in ActionUpdate.objects.all())
    late = Action.objects.filter(last_year__lt=2026).exclude(status__in=CLOSED_STATUSES)
    assert late.count() == Action.objects.late(year=2026).count()


def test_generate_scale_data_refuses_second_run_and_skips_the_demo_department(small_scale):
    assert not Schema.objects.filter(department_code="69").exists()
    with pytest.raises(CommandError, match="déjà présentes"):
        call_command("generate_scale_data", *SMALL)


def test_national_communes_come_from_the_project_without_the_shared_folder(db, settings, tmp_path):
    settings.SHARED_DIR = tmp_path
    result = load_national_communes()
    assert (result.created, Commune.objects.count()) == (34920, 34920)
    assert Commune.objects.get(insee_code="97117").name == "Le Moule"


def test_structures_per_department_total_shared_by_population():
    departments = [Department("01", "A"), Department("02", "B"), Department("03", "C")]
    communes = {
        "01": [SimpleNamespace(population=700_000)],
        "02": [SimpleNamespace(population=200_000)],
        "03": [SimpleNamespace(population=100_000)],
    }
    counts = structures_per_department(departments, communes, total=100, per_department=None)
    assert counts == {"01": 67, "02": 21, "03": 12}
    assert structures_per_department(departments, communes, total=100, per_department=4) == {"01": 4, "02": 4, "03": 4}
