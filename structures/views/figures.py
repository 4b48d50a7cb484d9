""" "L'AVS en bref" and the territorial coverage of a département."""

import dataclasses

from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from comptes.rules import is_conseiller
from core.access import check_perm
from core.secrecy import shown, smallest_group

from ..coverage import coverage as compute_coverage
from ..coverage import map_shapes
from ..figures import avs_en_bref as compute_avs_en_bref
from ..figures import departments_with_structures
from ..forms import CoverageForm, FiguresForm
from ..models import Funding


def departments_for(user):
    """(code, "name (code)") of the départements the user may look at: a conseiller's own, else every
    département that has a structure."""
    rows = departments_with_structures()
    if is_conseiller(user):
        codes = set(user.department_codes())
        rows = [(code, name) for code, name in rows if code in codes]
    return sorted({(code, f"{name} ({code})" if name else code) for code, name in rows})


def _default_year():
    """The last complete year (the year before this one), or the latest year with fundings if earlier: the
    year under way has only part of its fundings recorded, its figures would mislead."""
    last_complete = timezone.localdate().year - 1
    latest = Funding.objects.aggregate(year=Max("year"))["year"]
    return min(latest, last_complete) if latest else last_complete


def withhold_small_budgets(figures, smallest):
    """The budgets of groups of fewer than ``smallest`` structures WITHHELD (core/secrecy.py)."""
    count = figures.structure_count
    return dataclasses.replace(
        figures,
        total_budget=shown(figures.total_budget, count, smallest),
        caf_amount=shown(figures.caf_amount, count, smallest),
        caf_share=shown(figures.caf_share, count, smallest),
        evs_budget=shown(figures.evs_budget, figures.evs_count, smallest),
        centre_social_budget=shown(figures.centre_social_budget, figures.centre_social_count, smallest),
    )


def avs_en_bref(request):
    check_perm(request.user, "structures.view_figures")
    departments = departments_for(request.user)
    initial = {"department_code": departments[0][0] if departments else "", "year": _default_year()}
    form = FiguresForm(request.GET or initial, departments=departments)
    figures = None
    if departments and form.is_valid():
        figures = compute_avs_en_bref(department_code=form.cleaned_data["department_code"], year=form.cleaned_data["year"])
        figures = withhold_small_budgets(figures, smallest_group(request.user))
    department_name = dict(departments).get(figures.department_code) if figures else ""
    return render(
        request,
        "structures/avs_en_bref.html",
        {
            "form": form,
            "figures": figures,
            "department_name": department_name,
            "has_departments": bool(departments),
            # A year not over yet: its fundings are still being recorded.
            "provisional": bool(figures) and figures.year >= timezone.localdate().year,
        },
    )


def coverage(request):
    check_perm(request.user, "structures.view_figures")
    departments = departments_for(request.user)
    initial = {"department_code": departments[0][0] if departments else "", "min_population": 5000}
    form = CoverageForm(request.GET or initial, departments=departments)
    result = shapes = None
    if departments and form.is_valid():
        result = compute_coverage(
            department_code=form.cleaned_data["department_code"], min_population=form.cleaned_data["min_population"] or 0
        )
        shapes = map_shapes(result)
    return render(
        request,
        "structures/coverage.html",
        {"form": form, "coverage": result, "map": shapes, "has_departments": bool(departments)},
    )
