"""The structures' figures: "L'AVS en bref", budgets and the Caf's share by year, agréments ending soon."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from core.secrecy import shown
from structures.enums import AgrementStatus, Gestion, OrganisationKind, StructureKind
from structures.models import Agrement, Funding, Structure

from .reports import _share

# --- Structures ("L'AVS en bref") ----------------------------------------------------------------


def avs_en_bref(*, department_code, year):
    """The structures of a département in ``year``: counts by type and gestion, budgets, Caf share.

    Used when structures/figures.py does not provide it. Four queries.
    """
    structures = Structure.objects.in_department(department_code)
    by_kind = dict(structures.values_list("kind").annotate(n=Count("pk")).order_by())
    by_gestion = dict(structures.values_list("gestion").annotate(n=Count("pk")).order_by())
    count = sum(by_kind.values())
    fundings = Funding.objects.filter(structure__commune__department_code=department_code, year=year)
    sums = fundings.aggregate(
        total=Sum("amount"),
        evs=Sum("amount", filter=Q(structure__kind=StructureKind.EVS)),
        centres=Sum("amount", filter=Q(structure__kind=StructureKind.CENTRE_SOCIAL)),
        caf=Sum("amount", filter=Q(funder__kind=OrganisationKind.CAF)),
    )
    total = sums["total"] or Decimal(0)
    return {
        "year": year,
        "count": count,
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in StructureKind.choices],
        "by_gestion": [
            (label, by_gestion.get(value, 0), _share(by_gestion.get(value, 0), count))
            for value, label in Gestion.choices
            # « non renseignée » is a gap in the data, listed only when some structure has it.
            if value != Gestion.NON_RENSEIGNEE or by_gestion.get(value)
        ],
        "budget": total,
        "budget_evs": sums["evs"] or Decimal(0),
        "budget_centres": sums["centres"] or Decimal(0),
        "caf": sums["caf"] or Decimal(0),
        "caf_share": _share(sums["caf"] or 0, total),
    }


def budgets_by_year(department_code, years, *, smallest=1):
    """[(year, total, Caf amount, Caf share)] for the given years, in one query; a year's figures are
    WITHHELD when fewer than ``smallest`` structures were funded (core/secrecy.py).

    Like "L'AVS en bref" (structures/figures.py), a year counts the fundings of the structures that held
    an agrément (accordé or since expired) during that year.
    """
    agreed = Agrement.objects.filter(
        structure=OuterRef("structure"),
        status__in=[AgrementStatus.ACCORDE, AgrementStatus.EXPIRE],
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
            structures=Count("structure", distinct=True),
        )
        .order_by()
    }
    out = []
    for year in years:
        row = rows.get(year, {})
        total, caf = row.get("total") or Decimal(0), row.get("caf") or Decimal(0)
        n = row.get("structures", 0) if total else smallest  # no funding: 0 €, nothing to hide
        out.append((year, shown(total, n, smallest), shown(caf, n, smallest), shown(_share(caf, total), n, smallest)))
    return out


def agrements_ending_soon(department_code, *, months=12):
    return list(
        Agrement.objects.ending_within(months)
        .filter(structure__commune__department_code=department_code)
        .select_related("structure__commune")
        .order_by("end_date", "structure__name")
    )


def structures_with_agrements(department_code, *, year, structures=None):
    """The département's structures (or ``structures``) with ``report_agrements``: their agréments in force
    in ``year`` (structures.AgrementQuerySet.in_force_in), oldest first; two queries."""
    in_force = Agrement.objects.in_force_in(year).order_by("start_date", "kind")
    if structures is None:
        structures = Structure.objects.in_department(department_code)
    return list(
        structures.select_related("commune")
        .prefetch_related(Prefetch("agrements", queryset=in_force, to_attr="report_agrements"))
        .order_by("name")
    )


def structure_figures(department_code, year, *, smallest=1):
    """The "L'AVS en bref" figures: structures/figures.avs_en_bref (structures agréées in the year) when
    that module exists, shaped for the templates; else this module's own count (all structures).
    The budgets of a group of fewer than ``smallest`` structures are WITHHELD (core/secrecy.py)."""
    try:
        from structures.figures import avs_en_bref as shared
    except ImportError:  # an installation without structures/figures.py
        return withhold_small_budgets(avs_en_bref(department_code=department_code, year=year), smallest)
    figures = shared(department_code=department_code, year=year)
    return withhold_small_budgets(_shaped(figures), smallest)


def withhold_small_budgets(figures, smallest):
    """The budgets of "L'AVS en bref" made of fewer than ``smallest`` structures, WITHHELD."""
    counts = dict(figures["by_kind"])
    count, evs, centres = figures["count"], counts[StructureKind.EVS.label], counts[StructureKind.CENTRE_SOCIAL.label]
    return figures | {
        "budget": shown(figures["budget"], count, smallest),
        "caf": shown(figures["caf"], count, smallest),
        "caf_share": shown(figures["caf_share"], count, smallest),
        "budget_evs": shown(figures["budget_evs"], evs, smallest),
        "budget_centres": shown(figures["budget_centres"], centres, smallest),
    }


def _shaped(figures):
    return {
        "year": figures.year,
        "count": figures.structure_count,
        "by_kind": [
            (StructureKind.CENTRE_SOCIAL.label, figures.centre_social_count),
            (StructureKind.EVS.label, figures.evs_count),
        ],
        "by_gestion": [(share.label, share.count, share.percent) for share in figures.gestion_shares],
        "budget": figures.total_budget,
        "budget_evs": figures.evs_budget,
        "budget_centres": figures.centre_social_budget,
        "caf": figures.caf_amount,
        "caf_share": figures.caf_share,
    }


def fundings_of(organisation, *, department_code, year):
    """The fundings ``organisation`` gave to the département's structures in ``year``, by structure."""
    return list(
        Funding.objects.filter(funder=organisation, year=year, structure__commune__department_code=department_code)
        .select_related("structure__commune")
        .order_by("structure__name", "nature")
    )
