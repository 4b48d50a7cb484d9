"""Run the national-scale generation, table by table, each in its own transaction, timing each step."""

import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import connection, transaction

from demo import DEMO_TODAY
from fiches.models import Schema

from . import SCALE_SLUG_SUFFIX, ScaleOptions, fiches, indicators, network, reference


@dataclass
class Step:
    label: str
    rows: int
    seconds: float


@dataclass
class ScaleResult:
    steps: list = field(default_factory=list)

    @property
    def seconds(self):
        return sum(step.seconds for step in self.steps)

    def rows(self, label):
        return next(step.rows for step in self.steps if step.label == label)


class Timer:
    def __init__(self, result, report):
        self.result = result
        self.report = report

    def run(self, label, function, count=len):
        """Run ``function`` in one transaction; record and report its row count and duration."""
        started = time.perf_counter()
        with transaction.atomic():
            value = function()
        seconds = time.perf_counter() - started
        step = Step(label, count(value) if callable(count) else count, seconds)
        self.result.steps.append(step)
        if self.report:
            self.report(step)
        return value


def generate(options: ScaleOptions, *, report=None, today=DEMO_TODAY):
    if Schema.objects.filter(slug__endswith=f"-{SCALE_SLUG_SUFFIX}").exists():
        raise CommandError(
            "Des données à l'échelle nationale sont déjà présentes dans cette base : "
            "utilisez une base vide (ou supprimez-la et recréez-la) avant de relancer la génération."
        )
    for name in ("departments", "fiches_per_schema", "actions_per_fiche", "indicators_per_schema", "campaigns"):
        if getattr(options, name) < 1:
            raise CommandError(f"L'option --{name.replace('_', '-')} doit être au moins 1.")
    if options.updates_per_action < 1:
        raise CommandError("L'option --updates-per-action doit être au moins 1.")
    rng = random.Random(options.seed)
    result = ScaleResult()
    timer = Timer(result, report)

    communes_result = timer.run("communes", reference.load_national_communes, count=lambda r: r.created)
    departments, communes = reference.departments_and_communes(options.departments, options.skip_departments)
    counts = network.structures_per_department(
        departments, communes, total=options.structures, per_department=options.structures_per_department
    )
    del communes_result
    institutions = timer.run("organisations", lambda: network.create_institutions(departments), count=lambda v: 5 * len(v))
    cafs = {code: orgs["caf"] for code, orgs in institutions.items()}
    schemas = timer.run("schémas", lambda: fiches.create_schemas(rng, departments, cafs, today))
    schemas_by_pk = {s.pk: s for s in schemas}
    conseillers = timer.run(
        "comptes (conseillers, partenaires)",
        lambda: network.create_accounts(departments, schemas, institutions),
        count=lambda v: 2 * len(v),
    )
    axes, orientations = timer.run(
        "axes et orientations", lambda: fiches.create_axes_and_orientations(schemas), count=lambda v: len(v[0]) + len(v[1])
    )
    for orientation in orientations:
        orientation.axis.schema = schemas_by_pk[orientation.axis.schema_id]
    fiche_rows = timer.run("fiches", lambda: fiches.create_fiches(rng, schemas, orientations, options.fiches_per_schema))
    timer.run(
        "liens des fiches (organisations, suivis, résultats)",
        lambda: fiches.create_fiche_links(fiche_rows, institutions, conseillers),
        count=sum,
    )
    actions = timer.run("actions", lambda: fiches.create_actions(rng, fiche_rows, options.actions_per_fiche, today))
    timer.run(
        "mises à jour d'avancement", lambda: fiches.create_updates(rng, actions, options.updates_per_action, conseillers, today)
    )
    timer.run("actions : dernière mise à jour", lambda: fiches.apply_latest_updates(schemas), count=lambda n: n)

    structures = timer.run("structures", lambda: network.create_structures(rng, departments, communes, counts))
    directors = timer.run("comptes (directeurs)", lambda: network.create_directors(structures))
    agrements = timer.run("agréments", lambda: network.create_agrements(rng, structures, today))
    town_halls = timer.run("organisations (communes)", lambda: network.create_town_halls(structures))
    timer.run("financements", lambda: network.create_fundings(rng, structures, agrements, institutions, town_halls))
    timer.run("réponses SENACS", lambda: network.create_senacs_responses(rng, structures))
    timer.run("conventions", lambda: network.create_conventions(rng, departments, structures, institutions, town_halls, schemas))

    indicator_rows = timer.run(
        "indicateurs", lambda: indicators.create_indicators(schemas, fiche_rows, options.indicators_per_schema)
    )
    timer.run("cibles", lambda: indicators.create_targets(indicator_rows, schemas_by_pk))
    campaigns = timer.run("campagnes", lambda: indicators.create_campaigns(schemas, options.campaigns, today))
    timer.run(
        "valeurs d'indicateurs",
        lambda: indicators.create_values(
            rng,
            schemas=schemas,
            indicators=indicator_rows,
            campaigns=campaigns,
            structures=structures,
            directors=directors,
            conseillers=conseillers,
        ),
        count=lambda n: n,
    )
    timer.run("statistiques du planificateur (ANALYZE)", analyze, count=0)
    result.kinds = Counter(s.kind for s in structures)
    return result


def analyze():
    """Refresh PostgreSQL's planner statistics: after bulk inserts, stale statistics give plans 10 × slower,
    and autovacuum may be late, or off (as on the development machine)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
