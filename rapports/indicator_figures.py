"""The indicators' figures: values by year against targets (indicateurs.results), breakdowns by type of
structure and by EPCI, free-text answers. A campaign's completeness is indicateurs.completeness'."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core.numbers import percent
from core.secrecy import is_withheld, shown
from indicateurs.enums import NUMERIC_KINDS, Aggregation, IndicatorKind, IndicatorLevel
from indicateurs.models import Campaign, Indicator, IndicatorValue
from indicateurs.results import COUNTED, schema_results, structure_figure
from structures.enums import StructureKind
from structures.models import Structure

# --- Indicators ----------------------------------------------------------------------------------


@dataclass
class IndicatorSeries:
    indicator: Indicator
    years: list
    values: dict  # year -> Decimal or None
    targets: dict  # year -> Decimal
    answered: dict  # year -> count of structures that answered (per-structure indicators)
    provisional: frozenset = frozenset()  # years whose figures are not final yet
    figures: dict = field(default_factory=dict)  # year -> indicateurs.results.Figure (yes/no counts, choices)
    withheld: set = field(default_factory=set)  # years whose figures describe too few structures (core/secrecy.py)

    @property
    def is_numeric(self):
        if self.display == "schema_answer":
            return False
        return self.indicator.kind in NUMERIC_KINDS or self.indicator.aggregation in (
            Aggregation.COUNT_YES,
            Aggregation.SHARE_YES,
            Aggregation.SHARE_ANSWERED,
        )

    @property
    def display(self):
        """How the answers read: ``numeric`` (values against targets), ``yes_no`` (counts of oui and non),
        ``choice`` (a distribution), ``text`` (answers listed) or ``schema_answer`` (one answer a year)."""
        indicator = self.indicator
        if indicator.computed_source:
            return "numeric"
        if indicator.level == IndicatorLevel.SCHEMA and indicator.kind not in NUMERIC_KINDS:
            return "schema_answer"
        if indicator.kind in NUMERIC_KINDS or indicator.aggregation == Aggregation.SHARE_ANSWERED:
            return "numeric"
        if indicator.kind == IndicatorKind.BOOLEAN:
            # Counted or shared: a figure against its target, with the counts of oui and non beside it.
            return "numeric" if indicator.aggregation in (Aggregation.COUNT_YES, Aggregation.SHARE_YES) else "yes_no"
        if indicator.kind == IndicatorKind.CHOICE:
            return "choice"
        return "text"

    @property
    def answer_rows(self):
        """One dict a year: value, target and the gap to it; the counts of oui and non and the share of oui;
        the distribution of the choices (choice, count, share of the answers); the schéma's answer."""
        rows = []
        for year in self.years:
            # A year made of too few structures shows no count, share nor distribution either (core/secrecy.py).
            figure = None if year in self.withheld else self.figures.get(year)
            value, target = self.values.get(year), self.targets.get(year)
            yes = figure.yes if figure is not None else None
            no = figure.no if figure is not None else None
            detail = figure.detail if figure is not None else []
            answers = sum(n for _, n in detail)
            rows.append(
                {
                    "year": year,
                    "provisional": year in self.provisional,
                    "value": value,
                    "target": target,
                    "gap": value - target if value is not None and target is not None and not is_withheld(value) else None,
                    "withheld": year in self.withheld,
                    "yes": yes,
                    "no": no,
                    "yes_share": percent(yes, yes + no) if yes is not None and no is not None else None,
                    "choices": [(choice, n, percent(n, answers)) for choice, n in detail],
                    "answer": figure.value if figure is not None and self.display == "schema_answer" else None,
                    "answered": self.answered.get(year, 0),
                }
            )
        return rows

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
    def table_rows(self):
        """[(year, value, target, provisional)] for the tables."""
        return [(year, self.values.get(year), self.targets.get(year), year in self.provisional) for year in self.years]

    @property
    def places(self):
        """Decimals worth showing: none when every value and target is whole, one otherwise."""
        numbers = [v for v in list(self.values.values()) + list(self.targets.values()) if v is not None and not is_withheld(v)]
        return 0 if all(Decimal(v) == Decimal(v).to_integral_value() for v in numbers) else 1

    @property
    def answered_rows(self):
        return [(year, self.answered.get(year, 0)) for year in self.years]

    @property
    def has_values(self):
        return any(v is not None for v in self.values.values())


def campaign_years(schema):
    """The years of the schéma's campaigns, oldest first: the years its indicators are shown for."""
    return list(Campaign.objects.filter(schema=schema).order_by("year").values_list("year", flat=True))


def indicator_series(schema, *, fiches=None, years=None, provisional=frozenset()):
    """Each indicator of the schéma (of ``fiches`` only, if given) with its figure by campaign year and its
    targets: the figures of the results page (indicateurs.results), so that both always agree.
    ``provisional``: the years to mark « provisoire »."""
    if years is None:
        years = campaign_years(schema)
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
        # Only the years asked: schema_results reads an empty list as "every year of the schéma".
        values = {y: f.value if isinstance(f.value, Decimal) else None for y, f in result.figures.items() if y in years}
        answered = {y: f.answered for y, f in result.figures.items() if y in years}
        figures = {y: f for y, f in result.figures.items() if y in years}
        out.append(IndicatorSeries(result.indicator, years, values, result.targets, answered, frozenset(provisional), figures))
    return out


def withhold_small_years(series, smallest):
    """The series with each per-structure figure made of fewer than ``smallest`` structures replaced by
    WITHHELD (core/secrecy.py: a partner does not read one structure's value through the département's)."""
    for one in series:
        indicator = one.indicator
        if indicator.level != IndicatorLevel.STRUCTURE or indicator.computed_source:
            continue
        for year in one.years:
            if 0 < one.answered.get(year, 0) < smallest:
                one.withheld.add(year)
        for year, value in one.values.items():
            one.values[year] = shown(value, one.answered.get(year, 0), smallest)
    return series


KIND, EPCI = "structure__kind", "structure__commune__epci_name"


def _add(rows, key, row):
    """Adds the sums of ``row`` into ``rows[key]`` (a mean is kept as its sum and its count)."""
    into = rows.setdefault(key, {"total": None, "numbers": 0, "yes": 0, "no": 0, "answered": 0})
    if row["total"] is not None:
        into["total"] = (into["total"] or 0) + row["total"]
    for name in ("numbers", "yes", "no", "answered"):
        into[name] += row[name]


def structure_groups(department_code):
    """{(type, EPCI name): number of structures} of the département, in one query."""
    rows = (
        Structure.objects.in_department(department_code)
        .values_list("kind", "commune__epci_name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(kind, epci): n for kind, epci, n in rows}


def breakdowns(schema, year, *, indicators, groups=None, smallest=1):
    """The per-structure indicators of ``year`` by type of structure and by EPCI, each figure following the
    indicator's aggregation (a share of those who answered is counted against the structures of the group).
    A figure made of fewer than ``smallest`` structures' values is WITHHELD (core/secrecy.py).

    Returns ``({indicator_id: [(type label, figure)]}, {indicator_id: [(EPCI, figure)]})``, from two grouped
    queries (one when the caller has ``groups``, from structure_groups) whatever the number of structures.
    """
    indicators = {i.pk: i for i in indicators if i.level == IndicatorLevel.STRUCTURE and not i.computed_source}
    if groups is None:
        groups = structure_groups(schema.department_code)
    expected = {KIND: defaultdict(int), EPCI: defaultdict(int)}
    for (kind, epci), n in groups.items():
        expected[KIND][kind] += n
        expected[EPCI][epci] += n
    sums = {KIND: {}, EPCI: {}}
    for row in (
        IndicatorValue.objects.filter(
            campaign__schema=schema, campaign__year=year, status__in=COUNTED, structure__isnull=False, indicator__in=indicators
        )
        .values("indicator_id", KIND, EPCI)
        .annotate(
            total=Sum("number"),
            numbers=Count("number"),
            yes=Count("pk", filter=Q(boolean=True)),
            no=Count("pk", filter=Q(boolean=False)),
            answered=Count("pk", filter=Q(number__isnull=False) | Q(boolean__isnull=False) | ~Q(text="")),
        )
        .order_by()
    ):
        for by in (KIND, EPCI):
            _add(sums[by], (row["indicator_id"], row[by]), row)
    kind_labels = dict(StructureKind.choices)
    out = {KIND: defaultdict(list), EPCI: defaultdict(list)}
    for by in (KIND, EPCI):
        for (indicator_id, group), row in sorted(sums[by].items(), key=lambda item: (item[0][0], item[0][1] or "")):
            row["mean"] = row["total"] / row["numbers"] if row["numbers"] and row["total"] is not None else None
            figure = structure_figure(indicators[indicator_id], row, expected[by].get(group, 0))
            if figure.value is None:
                continue
            label = kind_labels.get(group, group) if by == KIND else (group or "Hors EPCI")
            out[by][indicator_id].append((label, shown(figure.value, row["answered"], smallest)))
    return dict(out[KIND]), dict(out[EPCI])


def text_answers(schema, year, *, indicators, names_visible):
    """{indicator_id: [(structure name or "", answer)]}: the free-text answers transmitted for ``year`` to
    the per-structure text indicators among ``indicators``, in the structures' order; one query.

    ``names_visible(indicator)`` says whether the reader may see which structure gave each answer
    (rapports.rules.structure_names_visible); when not, the name is left empty and the answers are
    listed in alphabetical order so that their order does not give the structures away."""
    wanted = {i.pk: i for i in indicators if i.kind == IndicatorKind.TEXT and i.level == IndicatorLevel.STRUCTURE}
    out = defaultdict(list)
    if not wanted:
        return {}
    values = (
        IndicatorValue.objects.filter(
            campaign__schema=schema, campaign__year=year, structure__isnull=False, status__in=COUNTED, indicator__in=wanted
        )
        .exclude(text="")
        .values_list("indicator_id", "structure__name", "text")
        .order_by("structure__name", "pk")
    )
    for indicator_id, name, text in values:
        out[indicator_id].append((name if names_visible(wanted[indicator_id]) else "", text))
    return {
        pk: rows if names_visible(wanted[pk]) else sorted(rows, key=lambda row: row[1].casefold()) for pk, rows in out.items()
    }
