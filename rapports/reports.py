"""The figures of the dashboards and of the annual report, read across the apps.

Each function takes a schéma (and a year) and returns plain data (dicts, lists, dataclasses) that the
templates and the charts read. Reads cost a fixed number of queries whatever the size of the schéma:
the rows are read once and grouped in Python, or grouped by the database.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Func, OuterRef, Subquery
from django.utils import timezone

from fiches.enums import ActionStatus
from fiches.models import Action, ActionUpdate, Fiche, Schema
from gouvernance import figures as governance
from indicateurs.enums import CampaignStatus
from indicateurs.models import Indicator, IndicatorValue
from indicateurs.results import COUNTED
from structures.models import Agrement, Funding, Structure

# The values that count in a figure: those the structure has transmitted (validated or not yet).
# A value counts once transmitted: the rule of the results page (indicateurs.results).
COUNTED_STATUSES = COUNTED


def _share(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


# --- When the data last changed ----------------------------------------------------------------


def last_changed(schema):
    """The latest change to anything a dashboard or the report of ``schema`` shows, in one query.

    The max of the fiches' ``updated_at``, the action updates' ``created_at``, the history dates of the
    schéma, actions, indicators, agréments and fundings, and the ``updated_at`` of the indicator values
    and of the structures of the schéma's département.
    """
    department = schema.department_code
    sources = {
        "schema": _max_of(Schema.history.filter(id=OuterRef("pk")), "history_date"),
        "fiches": _max_of(Fiche.objects.filter(schema=OuterRef("pk")), "updated_at"),
        "updates": _max_of(ActionUpdate.objects.filter(action__fiche__schema=OuterRef("pk")), "created_at"),
        "actions": _max_of(Action.history.filter(fiche__schema=OuterRef("pk")), "history_date"),
        "indicators": _max_of(Indicator.history.filter(fiche__schema=OuterRef("pk")), "history_date"),
        "values": _max_of(IndicatorValue.objects.filter(campaign__schema=OuterRef("pk")), "updated_at"),
        "structures": _max_of(Structure.objects.filter(commune__department_code=department), "updated_at"),
        "agrements": _max_of(Agrement.history.filter(structure__commune__department_code=department), "history_date"),
        "fundings": _max_of(Funding.history.filter(structure__commune__department_code=department), "history_date"),
        **{name: _max_of(qs, field) for name, (qs, field) in governance.change_sources(OuterRef("pk")).items()},
    }
    row = (
        Schema.objects.filter(pk=schema.pk)
        .annotate(**{f"last_{k}": v for k, v in sources.items()})
        .values(*[f"last_{k}" for k in sources])
    )
    dates = [value for value in (row[0].values() if row else []) if value is not None]
    return max(dates) if dates else None


def _max_of(queryset, field_name):
    """A subquery: the latest ``field_name`` of ``queryset`` (MAX as a plain function, so no GROUP BY)."""
    return Subquery(queryset.order_by().annotate(m=Func(F(field_name), function="MAX")).values("m")[:1])


# --- Years ---------------------------------------------------------------------------------------


def default_year(schema):
    """The year a dashboard shows first: the last complete year (over, and its campaign closed when it has
    one), within the schéma's period; its first year when none is complete yet.

    A schéma read with its ``campaigns`` prefetched (as the views do) costs no query."""
    this_year = timezone.localdate().year
    opened = {c.year for c in schema.campaigns.all() if c.status != CampaignStatus.CLOSED}
    for year in range(min(schema.last_year, this_year - 1), schema.first_year - 1, -1):
        if year not in opened:
            return year
    return schema.first_year


@dataclass(frozen=True)
class YearState:
    """Whether the figures of a year are final: « provisoire » while the year is not over or its campaign
    not closed, with the completeness the campaign has reached so far."""

    year: int
    provisional: bool
    reason: str
    completeness_rate: Decimal | None = None


def year_state(schema, year, *, campaign=None, completeness=None):
    """The YearState of ``year`` for ``schema`` (``campaign``: the campaign of that year, if any)."""
    rate = completeness["rate"] if completeness else None
    if year >= timezone.localdate().year:
        return YearState(year, True, f"l'année {year} n'est pas terminée", rate)
    if campaign is not None and not campaign.is_closed:
        return YearState(year, True, f"la campagne de collecte {year} n'est pas close", rate)
    return YearState(year, False, "", rate)


def provisional_years(schema, campaigns):
    """The years among ``campaigns``' whose figures are « provisoires » (see year_state)."""
    return {c.year for c in campaigns if year_state(schema, c.year, campaign=c).provisional}


def parse_year(schema, raw):
    """The year asked in the address (``?annee=2024``) if it lies in the schéma's period, else None."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if schema.first_year <= year <= schema.last_year else None


# --- Progress of the schéma ----------------------------------------------------------------------


@dataclass
class FicheProgress:
    fiche: Fiche
    actions: list = field(default_factory=list)

    @property
    def progress(self):
        return _mean([a.progress for a in self.actions])

    @property
    def late_count(self):
        return sum(1 for a in self.actions if a.is_late)


@dataclass
class OrientationProgress:
    orientation: object
    fiches: list = field(default_factory=list)

    @property
    def actions(self):
        return [a for f in self.fiches for a in f.actions]


@dataclass
class AxisProgress:
    axis: object
    orientations: list = field(default_factory=list)

    @property
    def fiches(self):
        return [f for o in self.orientations for f in o.fiches]

    @property
    def actions(self):
        return [a for f in self.fiches for a in f.actions]

    @property
    def progress(self):
        return _mean([a.progress for a in self.actions])

    @property
    def status_counts(self):
        return Counter(a.status for a in self.actions)

    @property
    def status_rows(self):
        return status_counts(self.actions)


def _mean(values):
    values = list(values)
    return round(sum(values) / len(values)) if values else None


def schema_progress(schema, year, *, fiches=None):
    """The schéma's tree (axes → orientations → fiches → actions) with each action's state at the end of
    ``year`` (fiches.Action.state_at_end_of). ``fiches``: a queryset narrowing the fiches shown.

    Three queries: the fiches (with orientation and axe), the actions, and their latest update of ``year``
    or before (with its author). Axes and orientations without fiches are left out.
    """
    fiches = list(
        (fiches if fiches is not None else Fiche.objects.all())
        .filter(schema=schema)
        .select_related("orientation__axis")
        .order_by("orientation__axis__number", "orientation__number", "code")
    )
    actions_by_fiche = defaultdict(list)
    for action in Action.objects.filter(fiche__in=[f.pk for f in fiches]).as_of(year).order_by("fiche_id", "number"):
        actions_by_fiche[action.fiche_id].append(action.state_at_end_of(year))
    axes = {}
    for fiche in fiches:
        orientation = fiche.orientation
        axis = axes.setdefault(orientation.axis_id, AxisProgress(orientation.axis))
        if not axis.orientations or axis.orientations[-1].orientation.pk != orientation.pk:
            axis.orientations.append(OrientationProgress(orientation))
        fiche_progress = FicheProgress(fiche, actions_by_fiche.get(fiche.pk, []))
        for action in fiche_progress.actions:
            action.fiche = fiche  # no query when a template reads action.fiche
        axis.orientations[-1].fiches.append(fiche_progress)
    return list(axes.values())


def status_counts(actions):
    """[(status label, count)] in the order of ActionStatus, every status listed."""
    counts = Counter(a.status for a in actions)
    return [(label, counts.get(value, 0)) for value, label in ActionStatus.choices]


def late_actions(actions):
    return [a for a in actions if a.is_late]


def last_updates(schema, year, limit=10):
    """The latest progress updates dated in ``year``."""
    return list(
        ActionUpdate.objects.filter(action__fiche__schema=schema, date__year=year)
        .select_related("action__fiche", "author")
        .order_by("-date", "-created_at")[:limit]
    )


def key_figures(axes):
    actions = [a for axis in axes for a in axis.actions]
    counts = Counter(a.status for a in actions)
    return {
        "axes": len(axes),
        "fiches": sum(len(axis.fiches) for axis in axes),
        "actions": len(actions),
        "done": counts.get(ActionStatus.REALISEE, 0),
        "ongoing": counts.get(ActionStatus.EN_COURS, 0),
        "late": sum(1 for a in actions if a.is_late),
        "progress": _mean(a.progress for a in actions),
    }


# The indicators' and the structures' figures live in their own modules; callers read them from here.
from .indicator_figures import (  # noqa: E402
    IndicatorSeries,
    breakdowns,
    campaign_completeness,
    campaign_years,
    indicator_series,
    structure_groups,
    text_answers,
    withhold_small_years,
)
from .structure_figures import (  # noqa: E402
    agrements_ending_soon,
    avs_en_bref,
    budgets_by_year,
    fundings_of,
    structure_figures,
    structures_with_agrements,
)

__all__ = [
    "IndicatorSeries",
    "agrements_ending_soon",
    "avs_en_bref",
    "breakdowns",
    "budgets_by_year",
    "fundings_of",
    "campaign_completeness",
    "campaign_years",
    "indicator_series",
    "structure_figures",
    "structure_groups",
    "structures_with_agrements",
    "text_answers",
    "withhold_small_years",
]
