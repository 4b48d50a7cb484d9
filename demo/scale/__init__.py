"""National-scale data: `python manage.py generate_scale_data` fills a database with every département's schéma.

The generator reads the real communes of France (shipped in ``structures/data/communes.csv.gz``), gives each
département a schéma with its fiches, actions and progress history, indicators and five annual campaigns, and
spreads the structures (centres sociaux and EVS) over real communes of their département, with their agréments,
fundings and SENACS answers. The run is deterministic for a seed.

Every table is written with bulk inserts, not through the domain services that load_demo uses: the services
write one row per call, in its own transaction, with its history record, and the national volume is some
300,000 rows (250,000 indicator values, 50,000 progress updates). The rules the services hold
are not copied: what a service derives (an action's state from its latest update) is derived the same way in
bulk (fiches.apply_latest_updates), and dates follow structures.models.add_years.
"""

from dataclasses import dataclass

# The Rhône belongs to the demo (load_demo): the generator leaves it alone unless asked.
DEFAULT_SKIPPED_DEPARTMENTS = ("69",)
# The e-mail domain of the generated accounts, so that they are easy to find and delete.
SCALE_EMAIL_DOMAIN = "echelle.avs.fr"
SCALE_SLUG_SUFFIX = "echelle"
BATCH_SIZE = 5000


@dataclass(frozen=True)
class ScaleOptions:
    departments: int = 100
    fiches_per_schema: int = 30
    actions_per_fiche: int = 3
    updates_per_action: float = 5.5
    indicators_per_schema: int = 15
    structures: int = 4100
    structures_per_department: int | None = None
    campaigns: int = 5
    seed: int = 2026
    skip_departments: tuple = DEFAULT_SKIPPED_DEPARTMENTS
