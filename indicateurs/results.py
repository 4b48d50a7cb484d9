"""Results of a schéma's indicators: for each indicator and year, the figure its aggregation gives (or its
computed source evaluated from the data), beside its target.

Values count once transmitted (submitted or validated). The whole table costs a fixed number of queries:
values are aggregated in the database by indicator and year, computed sources by year.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Case, Count, Min, Q, Sum, TextField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.secrecy import WITHHELD, shown
from fiches.enums import ActionStatus
from fiches.models import Action
from structures.enums import ConventionKind, StructureKind
from structures.models import Convention, Structure

from .enums import Aggregation, ComputedSource, IndicatorKind, IndicatorLevel, ValueStatus
from .models import Indicator, IndicatorValue

COUNTED = (ValueStatus.SUBMITTED, ValueStatus.VALIDATED)
# Kinds of figure, for display: a number with its unit, a percentage, an amount, a yes/no, a text.
PERCENT_AGGREGATIONS = (Aggregation.SHARE_YES, Aggregation.SHARE_ANSWERED)


@dataclass
class Figure:
    value: object = None  # Decimal, bool, str or None
    format: str = "number"  # number, percent, amount, boolean, text
    answered: int = 0
    detail: list = field(default_factory=list)  # [(choice, count)] for choices
    yes: int | None = None  # per-structure yes/no indicators: how many answered "oui", "non"
    no: int | None = None

    @property
    def is_empty(self):
        return self.value is None or self.value == ""

    @property
    def places(self):
        """Decimals worth showing: none for a whole number, one otherwise."""
        if isinstance(self.value, Decimal) and self.value != self.value.to_integral_value():
            return 1
        return 0


@dataclass
class IndicatorResult:
    indicator: Indicator
    figures: dict  # {year: Figure}
    targets: dict  # {year: Decimal}

    def rows(self, years):
        return [(year, self.figures.get(year, Figure()), self.targets.get(year)) for year in years]

    def for_years(self, years):
        """Prepare the table cells of ``years`` for templates (cells, last target)."""
        self.cells = self.rows(years)
        self.last_target = self.targets.get(years[-1]) if years else None
        return self


def withhold_small_figures(results, smallest):
    """The results with each per-structure figure made of fewer than ``smallest`` structures' values
    WITHHELD, its detail by choice too (core/secrecy.py: a partner or a director does not read another
    structure's value through the département's figure)."""
    for result in results:
        indicator = result.indicator
        if indicator.level != IndicatorLevel.STRUCTURE or indicator.computed_source:
            continue
        for year, figure in result.figures.items():
            if not figure.is_empty and shown(figure.value, figure.answered, smallest) is WITHHELD:
                result.figures[year] = Figure(WITHHELD, figure.format, figure.answered)
    return results


def effective_aggregation(indicator):
    """The aggregation that makes sense for the indicator's kind (a yes/no is never summed)."""
    aggregation = indicator.aggregation
    if indicator.kind == IndicatorKind.BOOLEAN and aggregation in (Aggregation.SUM, Aggregation.MEAN):
        return Aggregation.COUNT_YES
    if indicator.kind in (IndicatorKind.TEXT, IndicatorKind.CHOICE) and aggregation != Aggregation.SHARE_ANSWERED:
        return Aggregation.NONE
    return aggregation


def _format_for(indicator, aggregation):
    if aggregation in PERCENT_AGGREGATIONS or indicator.kind == IndicatorKind.PERCENTAGE:
        return "percent"
    if indicator.kind == IndicatorKind.AMOUNT:
        return "amount"
    return "number"


def structure_figure(indicator, row, structure_count):
    """The figure of a per-structure indicator from its aggregated values ``row`` (total, mean, yes, no,
    answered), the indicator's aggregation applied; ``structure_count``: the structures expected to answer.
    A yes/no indicator's figure also carries its counts of "oui" and "non", whatever its aggregation."""
    figure = _aggregated_figure(indicator, row, structure_count)
    if indicator.kind == IndicatorKind.BOOLEAN and row:
        figure.yes, figure.no = row["yes"], row["no"]
    return figure


def _aggregated_figure(indicator, row, structure_count):
    aggregation = effective_aggregation(indicator)
    answered = row["answered"] if row else 0
    fmt = _format_for(indicator, aggregation)
    if not row or not answered:
        return Figure(None, fmt, 0)
    if aggregation == Aggregation.SUM:
        value = row["total"]
    elif aggregation == Aggregation.MEAN:
        value = row["mean"]
    elif aggregation == Aggregation.COUNT_YES:
        return Figure(Decimal(row["yes"]), "number", answered)
    elif aggregation == Aggregation.SHARE_YES:
        answered_yes_no = row["yes"] + row["no"]
        value = Decimal(100 * row["yes"]) / answered_yes_no if answered_yes_no else None
    elif aggregation == Aggregation.SHARE_ANSWERED:
        value = Decimal(100 * answered) / structure_count if structure_count else None
    else:
        return Figure(None, "text", answered)
    return Figure(None if value is None else Decimal(value).quantize(Decimal("0.01")), fmt, answered)


def _schema_figure(indicator, row):
    if indicator.kind == IndicatorKind.BOOLEAN:
        return Figure(row.boolean, "boolean", 1)
    if indicator.kind in (IndicatorKind.TEXT, IndicatorKind.CHOICE):
        return Figure(row.text, "text", 1)
    return Figure(row.number, _format_for(indicator, Aggregation.NONE), 1)


def _aggregates(schema):
    """({(indicator_id, year): row}, {(indicator_id, year): [(choice, count)]}): the per-structure values of
    the schéma's campaigns aggregated by indicator and year (total, mean, yes, no, answered), and the answers
    of the choice indicators counted by choice, most chosen first.

    One query: a choice indicator's values are grouped by the choice made too, and its groups added back
    into one row (its values hold no number, so its total and mean stay empty)."""
    choice = Case(When(indicator__kind=IndicatorKind.CHOICE, then="text"), default=Value(""), output_field=TextField())
    rows = (
        IndicatorValue.objects.filter(
            campaign__schema=schema, structure__isnull=False, status__in=COUNTED, indicator__computed_source=""
        )
        .values("indicator_id", "campaign__year", choice=choice)
        .annotate(
            total=Sum("number"),
            mean=Avg("number"),
            numbers=Count("number"),
            yes=Count("pk", filter=Q(boolean=True)),
            no=Count("pk", filter=Q(boolean=False)),
            answered=Count("pk", filter=Q(number__isnull=False) | Q(boolean__isnull=False) | ~Q(text="")),
            n=Count("pk"),
        )
        .order_by("-n", "choice")
    )
    aggregates, choices = {}, defaultdict(list)
    for row in rows:
        key = (row["indicator_id"], row["campaign__year"])
        if row["choice"]:
            choices[key].append((row["choice"], row["n"]))
        into = aggregates.get(key)
        if into is None:
            aggregates[key] = row
            continue
        if row["total"] is not None:
            into["total"] = (into["total"] or 0) + row["total"]
        for name in ("numbers", "yes", "no", "answered", "n"):
            into[name] += row[name]
        into["mean"] = into["total"] / into["numbers"] if into["numbers"] and into["total"] is not None else None
    return aggregates, choices


def _schema_values(schema):
    # Without the values' default order, which joins the structures, fiches and schémas for a dict.
    values = (
        IndicatorValue.objects.filter(campaign__schema=schema, structure__isnull=True, status__in=COUNTED)
        .select_related("campaign")
        .order_by()
    )
    return {(v.indicator_id, v.campaign.year): v for v in values}


# --- Computed sources ---------------------------------------------------------------------------------


def computed_figures(schema, years, sources=None):
    """{source: {year: Figure}} for the computed sources asked (all by default), evaluated from the
    database: one query for the structures' count, plus one per family of sources asked (conventions,
    SENACS answers, actions done)."""
    sources = set(ComputedSource.values if sources is None else sources)
    department = schema.department_code
    structures = Structure.objects.in_department(department)
    current_year = timezone.localdate().year
    result = {source: {} for source in ComputedSource.values}

    conventions = (
        ()
        if not sources & {ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED, ComputedSource.CTG_SIGNED}
        else (
            Convention.objects.filter(department_code=department, kind__in=[ConventionKind.TRIPARTITE, ConventionKind.CTG])
            .exclude(signed_on=None)
            .annotate(year=ExtractYear("signed_on"))
            .values("kind", "year")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    signed = {(row["kind"], row["year"]): row["n"] for row in conventions}

    # The structures by kind and, when asked, those that answered SENACS each year: one grouped query.
    per_year = {}
    if ComputedSource.SENACS_SHARE in sources:
        per_year = {f"senacs_{year}": Count("pk", distinct=True, filter=Q(senacs_responses__year=year)) for year in years}
    rows = list(structures.values("kind").annotate(n=Count("pk", distinct=True), **per_year).order_by())
    kinds = {row["kind"]: row["n"] for row in rows}
    structure_count = sum(kinds.values())
    senacs = {year: sum(row[f"senacs_{year}"] for row in rows) for year in years} if per_year else {}

    # Each action done with the date of its first "réalisée" update, in one query.
    first_done = (
        []
        if ComputedSource.ACTIONS_DONE not in sources
        else Action.objects.filter(fiche__schema=schema, status=ActionStatus.REALISEE)
        .annotate(first=Min("updates__date", filter=Q(updates__status=ActionStatus.REALISEE)))
        .order_by()
        .values_list("pk", "first")
    )
    done_years = [first.year if first else current_year for _pk, first in first_done]

    # The application knows today's structures, not those of past years: their count goes in the latest year shown.
    count_year = min(current_year, max(years)) if years else None
    for year in years:
        result[ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED][year] = Figure(
            Decimal(signed.get((ConventionKind.TRIPARTITE, year), 0)), "number"
        )
        result[ComputedSource.CTG_SIGNED][year] = Figure(Decimal(signed.get((ConventionKind.CTG, year), 0)), "number")
        share = Decimal(100 * senacs.get(year, 0)) / structure_count if structure_count else None
        result[ComputedSource.SENACS_SHARE][year] = Figure(
            None if share is None or not senacs.get(year) else share.quantize(Decimal("0.01")), "percent"
        )
        result[ComputedSource.ACTIONS_DONE][year] = Figure(Decimal(sum(1 for y in done_years if y <= year)), "number")
        if year == count_year:
            result[ComputedSource.CENTRES_SOCIAUX_COUNT][year] = Figure(
                Decimal(kinds.get(StructureKind.CENTRE_SOCIAL, 0)), "number"
            )
            result[ComputedSource.EVS_COUNT][year] = Figure(Decimal(kinds.get(StructureKind.EVS, 0)), "number")
    return result, structure_count


def schema_results(schema, indicators=None, years=None):
    """[IndicatorResult] for the schéma's indicators (in fiche order) over ``years`` (the schéma's by default)."""
    years = list(years or schema.years)
    if indicators is None:
        indicators = list(Indicator.objects.for_schema(schema).in_fiche_order().prefetch_related("targets"))
    # Each query runs only when an indicator needs it (a fixed number of queries either way).
    aggregates, choices = _aggregates(schema) if any(i.level != IndicatorLevel.SCHEMA for i in indicators) else ({}, {})
    schema_values = _schema_values(schema) if any(i.level == IndicatorLevel.SCHEMA for i in indicators) else {}
    computed, structure_count = computed_figures(
        schema, years, sources={indicator.computed_source for indicator in indicators if indicator.computed_source}
    )
    results = []
    for indicator in indicators:
        figures = {}
        for year in years:
            if indicator.computed_source:
                figure = computed[indicator.computed_source].get(year, Figure())
            elif indicator.level == IndicatorLevel.SCHEMA:
                value = schema_values.get((indicator.pk, year))
                figure = _schema_figure(indicator, value) if value else Figure()
            else:
                figure = structure_figure(indicator, aggregates.get((indicator.pk, year)), structure_count)
                figure.detail = choices.get((indicator.pk, year), [])
            figures[year] = figure
        results.append(IndicatorResult(indicator, figures, {t.year: t.value for t in indicator.targets.all()}))
    return results


def text_answers(schema, year):
    """[(indicator, [(structure, value)])] of the free-text answers (and comments) of a year."""
    values = (
        IndicatorValue.objects.filter(campaign__schema=schema, campaign__year=year, structure__isnull=False, status__in=COUNTED)
        .filter(Q(indicator__kind=IndicatorKind.TEXT) | ~Q(comment=""))
        .select_related("indicator", "structure")
        .order_by("indicator__fiche__code", "indicator__order", "indicator_id", "structure__name")
    )
    grouped = {}
    for value in values:
        grouped.setdefault(value.indicator, []).append(value)
    return list(grouped.items())
