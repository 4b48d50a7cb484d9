"""The structures' figures as the dashboards and the bilan show them: "L'AVS en bref" and the budgets by year
(computed by structures.figures, withheld here for small groups), agréments ending soon, fundings."""

from django.db.models import Prefetch

from core.secrecy import shown
from structures import figures
from structures.enums import StructureKind
from structures.models import Agrement, Funding, Structure


def budgets_by_year(department_code, years, *, smallest=1):
    """[(year, total, Caf amount, Caf share)]: structures.figures.budgets_by_year, a year's figures WITHHELD when
    fewer than ``smallest`` structures were funded (core/secrecy.py)."""
    out = []
    for budget in figures.budgets_by_year(department_code, years):
        n = budget.funded if budget.total else smallest  # no funding: 0 €, nothing to hide
        out.append(
            (
                budget.year,
                shown(budget.total, n, smallest),
                shown(budget.caf, n, smallest),
                shown(budget.caf_share, n, smallest),
            )
        )
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
    """The "L'AVS en bref" figures (structures.figures.avs_en_bref: structures agréées in the year), shaped for
    the templates. The budgets of a group of fewer than ``smallest`` structures are WITHHELD (core/secrecy.py)."""
    return withhold_small_budgets(_shaped(figures.avs_en_bref(department_code=department_code, year=year)), smallest)


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


def _shaped(en_bref):
    return {
        "year": en_bref.year,
        "count": en_bref.structure_count,
        "by_kind": [
            (StructureKind.CENTRE_SOCIAL.label, en_bref.centre_social_count),
            (StructureKind.EVS.label, en_bref.evs_count),
        ],
        "by_gestion": [(share.label, share.count, share.percent) for share in en_bref.gestion_shares],
        "budget": en_bref.total_budget,
        "budget_evs": en_bref.evs_budget,
        "budget_centres": en_bref.centre_social_budget,
        "caf": en_bref.caf_amount,
        "caf_share": en_bref.caf_share,
    }


def fundings_of(organisation, *, department_code, year):
    """The fundings ``organisation`` gave to the département's structures in ``year``, by structure."""
    return list(
        Funding.objects.filter(funder=organisation, year=year, structure__commune__department_code=department_code)
        .select_related("structure__commune")
        .order_by("structure__name", "nature")
    )
