""" "L'AVS en bref": the key figures of a département for a year, as the Val-de-Marne schéma published them.

``avs_en_bref(department_code="69", year=2025)`` returns an ``AvsEnBref``; the page of this app and the
dashboards of ``rapports`` read it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum

from core.numbers import percent

from .enums import AgrementStatus, Gestion, OrganisationKind, StructureKind
from .models import Agrement, Funding, Organisation, Structure

# The agréments that make a structure count in a year's figures: accordés, or accordés since expired.
GRANTED = [AgrementStatus.ACCORDE, AgrementStatus.EXPIRE]

# Bounds how long a change the key below cannot see (a commune's département renamed by an import, a structure
# moved by a bulk update) goes unseen.
DEPARTMENTS_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    count: int
    percent: Decimal  # 0-100, one decimal


@dataclass(frozen=True)
class AvsEnBref:
    department_code: str
    year: int
    structure_count: int
    centre_social_count: int
    evs_count: int
    gestion_shares: list[Share] = field(default_factory=list)
    total_budget: Decimal = Decimal(0)
    centre_social_budget: Decimal = Decimal(0)
    evs_budget: Decimal = Decimal(0)
    caf_amount: Decimal = Decimal(0)
    caf_share: Decimal | None = None  # percentage of the total budget, None without budget


def departments_with_structures():
    """[(code, name)] of the départements where some structure is, in code order. Finding them joins every
    structure of the country to its commune, the longest query of the pages that offer them: the list is read
    from the cache under a key that moves with the structures (their count and latest change), so that
    creating, moving or deleting one shows at once."""
    stamp = Structure.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    key = f"structures:departments:{stamp['count']}:{stamp['latest'].isoformat() if stamp['latest'] else ''}"
    rows = cache.get(key)
    if rows is None:
        pairs = Structure.objects.order_by().values_list("commune__department_code", "commune__department_name")
        rows = sorted(set(pairs.distinct()))
        cache.set(key, rows, DEPARTMENTS_CACHE_SECONDS)
    return rows


def agreed_structures(*, department_code, year):
    """Structures of the département with an agrément accordé in force at some point of ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Structure.objects.in_department(department_code)
        .filter(
            agrements__status__in=GRANTED,
            agrements__start_date__lte=last,
            agrements__end_date__gte=first,
        )
        .distinct()
    )


def avs_en_bref(*, department_code, year):
    """The figures of "L'AVS en bref" for a département and a year: structures agréées in the year
    (agreed_structures) by type and gestion, the cumulated budget (their fundings of the year), the EVS budget
    and the Caf's part; shares in percent with one decimal (core.numbers.percent)."""
    # The département's structures first (a short list of ids), so that the counts and the fundings'
    # sums read only them instead of joining every structure of the country.
    # Their kind and gestion come with them: one département's rows, counted here.
    rows = list(agreed_structures(department_code=department_code, year=year).order_by().values_list("pk", "kind", "gestion"))
    ids = [pk for pk, _kind, _gestion in rows]
    counts = {
        "total": len(rows),
        "cs": sum(1 for _pk, kind, _gestion in rows if kind == StructureKind.CENTRE_SOCIAL),
        "evs": sum(1 for _pk, kind, _gestion in rows if kind == StructureKind.EVS),
    }
    by_gestion = {}
    for _pk, _kind, gestion in rows:
        by_gestion[gestion] = by_gestion.get(gestion, 0) + 1
    shares = [
        Share(value, label, by_gestion.get(value, 0), percent(by_gestion.get(value, 0), counts["total"]) or Decimal(0))
        for value, label in Gestion.choices
        # « non renseignée » is a gap in the data, listed only when some structure has it.
        if value != Gestion.NON_RENSEIGNEE or by_gestion.get(value)
    ]

    # Kinds through subqueries rather than joins: joined, PostgreSQL reads every structure and organisation.
    def of_kind(kind):
        return Q(structure__in=Structure.objects.filter(pk__in=ids, kind=kind).values("pk"))

    budget = Funding.objects.filter(structure_id__in=ids, year=year).aggregate(
        total=Sum("amount"),
        cs=Sum("amount", filter=of_kind(StructureKind.CENTRE_SOCIAL)),
        evs=Sum("amount", filter=of_kind(StructureKind.EVS)),
        caf=Sum("amount", filter=Q(funder__in=Organisation.objects.filter(kind=OrganisationKind.CAF).values("pk"))),
    )
    total = budget["total"] or Decimal(0)
    caf = budget["caf"] or Decimal(0)
    return AvsEnBref(
        department_code=department_code,
        year=year,
        structure_count=counts["total"],
        centre_social_count=counts["cs"],
        evs_count=counts["evs"],
        gestion_shares=shares,
        total_budget=total,
        centre_social_budget=budget["cs"] or Decimal(0),
        evs_budget=budget["evs"] or Decimal(0),
        caf_amount=caf,
        caf_share=percent(caf, total),
    )


@dataclass(frozen=True)
class YearBudget:
    year: int
    total: Decimal
    caf: Decimal
    caf_share: Decimal | None  # percentage of the total, None without budget
    funded: int  # structures funded that year


def budgets_by_year(department_code, years):
    """[YearBudget] for ``years``, in one query: each year the fundings of that year to the structures agréées
    in it, as "L'AVS en bref" counts them (its ``total_budget`` and ``caf_amount`` for that year)."""
    agreed = Agrement.objects.filter(
        structure=OuterRef("structure"),
        status__in=GRANTED,
        start_date__year__lte=OuterRef("year"),
        end_date__year__gte=OuterRef("year"),
    )
    rows = {
        r["year"]: r
        for r in Funding.objects.filter(structure__commune__department_code=department_code, year__in=list(years))
        .filter(Exists(agreed))
        .values("year")
        .annotate(
            total=Sum("amount"),
            caf=Sum("amount", filter=Q(funder__kind=OrganisationKind.CAF)),
            funded=Count("structure", distinct=True),
        )
        .order_by()
    }
    out = []
    for year in years:
        row = rows.get(year, {})
        total, caf = row.get("total") or Decimal(0), row.get("caf") or Decimal(0)
        out.append(YearBudget(year, total, caf, percent(caf, total), row.get("funded", 0)))
    return out
