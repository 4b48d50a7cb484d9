"""The indicators' figures: values by year against targets, breakdowns, campaign completeness."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, Sum

from fiches.enums import ActionStatus
from fiches.models import Action
from indicateurs.enums import NUMERIC_KINDS, Aggregation, IndicatorKind, IndicatorLevel, ValueStatus
from indicateurs.models import Campaign, Indicator, IndicatorValue
from structures.enums import StructureKind
from structures.models import Structure

from .reports import COUNTED_STATUSES, _share

# --- Indicators ----------------------------------------------------------------------------------


def aggregate(indicator, *, total, mean, answered, yes, expected):
    """The schéma figure of a per-structure indicator for one campaign, by its aggregation.

    ``total``/``mean`` of the numbers, ``answered`` structures, ``yes`` answers, ``expected`` structures.
    (indicateurs/results.py did not exist when this was written: the rule is computed here.)
    """
    rule = indicator.aggregation
    if rule == Aggregation.SUM:
        return total
    if rule == Aggregation.MEAN:
        return None if mean is None else Decimal(mean).quantize(Decimal("0.01"))
    if rule == Aggregation.COUNT_YES:
        return Decimal(yes)
    if rule == Aggregation.SHARE_YES:
        return _share(yes, answered)
    if rule == Aggregation.SHARE_ANSWERED:
        return _share(answered, expected)
    return None


@dataclass
class IndicatorSeries:
    indicator: Indicator
    years: list
    values: dict  # year -> Decimal or None
    targets: dict  # year -> Decimal
    answered: dict  # year -> count of structures that answered (per-structure indicators)

    @property
    def is_numeric(self):
        return self.indicator.kind in NUMERIC_KINDS or self.indicator.aggregation in (
            Aggregation.COUNT_YES,
            Aggregation.SHARE_YES,
            Aggregation.SHARE_ANSWERED,
        )

    @property
    def unit(self):
        if self.indicator.aggregation in (Aggregation.SHARE_YES, Aggregation.SHARE_ANSWERED):
            return "%"
        if self.indicator.kind == IndicatorKind.PERCENTAGE:
            return "%"
        if self.indicator.kind == IndicatorKind.AMOUNT:
            return "€"
        return self.indicator.unit

    @property
    def rows(self):
        return [(year, self.values.get(year), self.targets.get(year)) for year in self.years]

    @property
    def places(self):
        """Decimals worth showing: none when every value and target is whole, one otherwise."""
        numbers = [v for v in list(self.values.values()) + list(self.targets.values()) if v is not None]
        return 0 if all(Decimal(v) == Decimal(v).to_integral_value() for v in numbers) else 1

    @property
    def answered_rows(self):
        return [(year, self.answered.get(year, 0)) for year in self.years]

    @property
    def has_values(self):
        return any(v is not None for v in self.values.values())


def indicator_series(schema, *, fiches=None):
    """Each indicator of the schéma with its figure by campaign year and its targets.

    Reads indicateurs.results.schema_results (the results page's rule) when that module exists; else
    computes here with ``aggregate`` and ``computed_value``.
    """
    try:
        from indicateurs.results import schema_results
    except ImportError:
        return _own_indicator_series(schema, fiches=fiches)
    years = list(Campaign.objects.filter(schema=schema).order_by("year").values_list("year", flat=True))
    indicators = None
    if fiches is not None:
        indicators = list(
            Indicator.objects.filter(fiche__in=fiches)
            .select_related("fiche")
            .prefetch_related("targets")
            .order_by("fiche__code", "order", "pk")
        )
    out = []
    for result in schema_results(schema, indicators=indicators, years=years):
        values = {y: f.value if isinstance(f.value, Decimal) else None for y, f in result.figures.items()}
        answered = {y: f.answered for y, f in result.figures.items()}
        out.append(IndicatorSeries(result.indicator, years, values, result.targets, answered))
    return out


def _own_indicator_series(schema, *, fiches=None):
    indicators = Indicator.objects.filter(fiche__schema=schema).select_related("fiche").prefetch_related("targets")
    if fiches is not None:
        indicators = indicators.filter(fiche__in=fiches)
    indicators = list(indicators.order_by("fiche__code", "order", "pk"))
    years = list(Campaign.objects.filter(schema=schema).order_by("year").values_list("year", flat=True))
    expected = Structure.objects.in_department(schema.department_code).count()
    rows = (
        IndicatorValue.objects.filter(campaign__schema=schema, status__in=COUNTED_STATUSES)
        .values("indicator_id", "campaign__year")
        .annotate(
            total=Sum("number"),
            answered=Count("pk"),
            yes=Count("pk", filter=Q(boolean=True)),
            schema_number=Max("number", filter=Q(structure__isnull=True)),
        )
        .order_by()
    )
    rows = rows.annotate(mean=Avg("number"))
    by_key = {(r["indicator_id"], r["campaign__year"]): r for r in rows}
    result = []
    for indicator in indicators:
        values, answered = {}, {}
        for year in years:
            row = by_key.get((indicator.pk, year))
            if row is None:
                values[year] = computed_value(indicator, schema, year) if indicator.computed_source else None
                continue
            answered[year] = row["answered"]
            if indicator.level == IndicatorLevel.SCHEMA:
                number = row["schema_number"]
                values[year] = None if number is None else Decimal(str(number)).quantize(Decimal("0.01"))
            else:
                values[year] = aggregate(
                    indicator,
                    total=row["total"],
                    mean=row["mean"],
                    answered=row["answered"],
                    yes=row["yes"],
                    expected=expected,
                )
        targets = {t.year: t.value for t in indicator.targets.all()}
        result.append(IndicatorSeries(indicator, years, values, targets, answered))
    return result


def computed_value(indicator, schema, year):
    """The figure of an indicator computed from the data the application holds (one query)."""
    from indicateurs.enums import ComputedSource
    from structures.models import Convention

    department = schema.department_code
    source = indicator.computed_source
    if source == ComputedSource.TRIPARTITE_CONVENTIONS_SIGNED:
        return Decimal(Convention.objects.signed_in(year).filter(department_code=department, kind="tripartite").count())
    if source == ComputedSource.CTG_SIGNED:
        return Decimal(Convention.objects.signed_in(year).filter(department_code=department, kind="ctg").count())
    if source == ComputedSource.SENACS_SHARE:
        structures = Structure.objects.in_department(department)
        counts = structures.aggregate(
            total=Count("pk", distinct=True), answered=Count("senacs_responses", filter=Q(senacs_responses__year=year))
        )
        return _share(counts["answered"], counts["total"])
    if source == ComputedSource.CENTRES_SOCIAUX_COUNT:
        return Decimal(Structure.objects.in_department(department).filter(kind=StructureKind.CENTRE_SOCIAL).count())
    if source == ComputedSource.EVS_COUNT:
        return Decimal(Structure.objects.in_department(department).filter(kind=StructureKind.EVS).count())
    if source == ComputedSource.ACTIONS_DONE:
        return Decimal(Action.objects.filter(fiche__schema=schema, status=ActionStatus.REALISEE).count())
    return None


def breakdown(schema, year, *, by, indicators=None):
    """Per-structure numeric/yes-no indicators of ``year`` grouped by ``by`` (structure__kind or EPCI).

    Returns {indicator_id: [(group label, figure)]}; the figure follows the indicator's aggregation,
    the share of those who answered being counted against the structures of the group.
    """
    field_name = {"kind": "structure__kind", "epci": "structure__commune__epci_name"}[by]
    expected = dict(
        Structure.objects.in_department(schema.department_code)
        .values_list("kind" if by == "kind" else "commune__epci_name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = (
        IndicatorValue.objects.filter(
            campaign__schema=schema, campaign__year=year, status__in=COUNTED_STATUSES, structure__isnull=False
        )
        .values("indicator_id", field_name)
        .annotate(total=Sum("number"), answered=Count("pk"), yes=Count("pk", filter=Q(boolean=True)))
        .order_by(field_name)
    )
    rows = rows.annotate(mean=Avg("number"))
    # ``indicators``: the schéma's indicators when the caller has them already (saves a query).
    if indicators is None:
        indicators = Indicator.objects.filter(fiche__schema=schema, level=IndicatorLevel.STRUCTURE)
    indicators = {i.pk: i for i in indicators if i.level == IndicatorLevel.STRUCTURE}
    kind_labels = dict(StructureKind.choices)
    out = defaultdict(list)
    for row in rows:
        indicator = indicators.get(row["indicator_id"])
        if indicator is None:
            continue
        group = row[field_name]
        figure = aggregate(
            indicator,
            total=row["total"],
            mean=row["mean"],
            answered=row["answered"],
            yes=row["yes"],
            expected=expected.get(group, 0),
        )
        if figure is None:
            continue
        label = kind_labels.get(group, group) if by == "kind" else (group or "Hors EPCI")
        out[indicator.pk].append((label, figure))
    return dict(out)


def campaign_completeness(schema, year, *, indicators=None):
    """The campaign of ``year``: expected values, transmitted, validated, and the rate; by indicator.

    Expected: each per-structure indicator (not computed) once per structure of the département, each
    schéma-wide indicator (not computed) once. None when the schéma has no campaign that year.
    """
    campaign = Campaign.objects.filter(schema=schema, year=year).first()
    if campaign is None:
        return None
    structures = Structure.objects.in_department(schema.department_code).count()
    if indicators is None:
        indicators = Indicator.objects.filter(fiche__schema=schema).select_related("fiche")
    # ``indicators``: the schéma's indicators with their fiche when the caller has them already.
    indicators = sorted((i for i in indicators if not i.computed_source), key=lambda i: (i.fiche.code, i.order, i.pk))
    counts = {
        r["indicator_id"]: r
        for r in IndicatorValue.objects.filter(campaign=campaign)
        .values("indicator_id")
        .annotate(
            transmitted=Count("pk", filter=Q(status__in=COUNTED_STATUSES)),
            validated=Count("pk", filter=Q(status=ValueStatus.VALIDATED)),
        )
        .order_by()
    }
    rows, expected_total, transmitted_total, validated_total = [], 0, 0, 0
    for indicator in indicators:
        expected = structures if indicator.level == IndicatorLevel.STRUCTURE else 1
        row = counts.get(indicator.pk, {})
        transmitted, validated = row.get("transmitted", 0), row.get("validated", 0)
        rows.append(
            {
                "indicator": indicator,
                "expected": expected,
                "transmitted": transmitted,
                "validated": validated,
                "rate": _share(transmitted, expected),
            }
        )
        expected_total += expected
        transmitted_total += transmitted
        validated_total += validated
    return {
        "campaign": campaign,
        "rows": rows,
        "expected": expected_total,
        "transmitted": transmitted_total,
        "validated": validated_total,
        "rate": _share(transmitted_total, expected_total),
        "validated_rate": _share(validated_total, expected_total),
    }
