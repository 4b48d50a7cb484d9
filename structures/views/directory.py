"""Organisations directory and conventions."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from comptes.rules import is_directeur
from core.access import check_perm, get_object_for_user
from core.pagination import paginate
from core.search import Folded, search
from core.urls import url_filler

from ..enums import ConventionKind
from ..filters import ConventionFilter
from ..forms import ConventionForm, OrganisationForm
from ..models import Convention, Organisation, Structure
from .editing import edit_page

KIND_LABELS = dict(ConventionKind.choices)


def organisation_list(request):
    check_perm(request.user, "structures.view_organisation")
    query = request.GET.get("q", "").strip()
    organisations = search(Organisation.objects.all(), ["name", "short_name"], query)
    organisations = organisations.annotate(
        fiche_count=_count_per_organisation(Organisation.fiche_links.rel.related_model, "fiche"),
        convention_count=_count_per_organisation(Convention.organisations.through, "convention"),
    ).order_by(Folded("name"), "pk")
    page, page_query = paginate(request, organisations)
    return render(
        request,
        "structures/organisation_list.html",
        {
            "organisations": list(page.object_list),
            "page": page,
            "page_query": page_query,
            "query": query,
            "can_add": request.user.has_perm("structures.change_organisation"),
        },
    )


def _count_per_organisation(link_model, field):
    """How many distinct ``field`` an organisation is linked to through ``link_model``, as a subquery: it is
    counted for the rows of the page only, where a join and GROUP BY would count every organisation first."""
    counts = (
        link_model.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def organisation_detail(request, pk):
    check_perm(request.user, "structures.view_organisation")
    organisation = get_object_or_404(Organisation.objects.select_related("commune"), pk=pk)
    # The fiches and conventions of the person's scope only, as their own lists show them. The fiche model
    # is reached through the relation: fiches imports structures, never the other way round.
    fiche_model = organisation.fiche_links.model._meta.get_field("fiche").related_model
    links = (
        organisation.fiche_links.filter(fiche__in=fiche_model.objects.for_user(request.user))
        .select_related("fiche__orientation__axis__schema")
        .order_by("fiche__orientation__axis__schema__first_year", "fiche__code", "-role")
    )
    # Fundings are private to the Caf in charge of the structures: a partner sees the totals only.
    fundings = organisation.fundings.select_related("structure").order_by("-year", "structure__name")
    show_fundings = request.user.has_perm("structures.view_structure_private")
    if show_fundings:
        fundings = fundings.filter(structure__in=Structure.objects.for_user(request.user))
    fundings = list(fundings)
    totals = {}
    for funding in fundings:
        totals[funding.year] = totals.get(funding.year, 0) + funding.amount
    return render(
        request,
        "structures/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": request.user.has_perm("structures.change_organisation", organisation),
            "links": list(links),
            "fundings": fundings if show_fundings and not is_directeur(request.user) else [],
            "funding_totals": sorted(totals.items(), reverse=True),
            "conventions": list(organisation.conventions.for_user(request.user).order_by("-signed_on", "title")),
        },
    )


def organisation_create(request):
    check_perm(request.user, "structures.change_organisation")
    form = OrganisationForm(request.POST or None, user=request.user)
    if form.is_valid():
        organisation = form.save()
        messages.success(request, f"L'organisation « {organisation} » a été enregistrée.")
        return redirect("structures:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "structures/form.html",
        {
            "form": form,
            "title": "Nouvelle organisation",
            "cancel_url": reverse("structures:organisation_list"),
            "cancel_label": "Organisations",
        },
    )


def organisation_edit(request, pk):
    organisation = get_object_for_user(request.user, Organisation.objects.all(), pk, "structures.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    page_url = reverse("structures:organisation_detail", args=[organisation.pk])
    context = {
        "title": f"Modifier « {organisation} »",
        "cancel_url": page_url,
        "cancel_label": "Organisations",
        "history_url": reverse("history", args=["structures", "organisation", organisation.pk]),
    }
    saved = f"L'organisation « {organisation} » a été modifiée."
    return edit_page(request, form, saved=saved, success_url=page_url, context=context)


def _party_names(conventions):
    """{convention's key: the names of its signatories, its organisations then its structures, each in
    alphabetical order}. Each name is looked up by its row's key: joined to the organisations or structures
    instead, PostgreSQL reads the whole country's table for a page's few."""
    names = defaultdict(list)
    for through, party, key in (
        (Convention.organisations.through, Organisation, "organisation_id"),
        (Convention.structures.through, Structure, "structure_id"),
    ):
        name = Subquery(party.objects.filter(pk=OuterRef(key)).order_by().values("name"))
        links = through.objects.filter(convention__in=conventions).annotate(name=name).order_by("name")
        for convention_id, party_name in links.values_list("convention_id", "name"):
            names[convention_id].append(party_name)
    return names


def convention_list(request):
    check_perm(request.user, "structures.view_convention")
    conventions = Convention.objects.for_user(request.user).order_by("-signed_on", "title")
    convention_filter = ConventionFilter(request.GET or None, queryset=conventions)
    page, page_query = paginate(request, convention_filter.qs)
    rows = list(page.object_list)
    parties = _party_names(rows)
    edit = url_filler("structures:convention_edit")  # reversed once for the page (core.urls)
    # Each row's words computed here, once: the template's loop only places them (a date filter costs as much
    # as the rest of the row).
    for convention in rows:
        convention.can_edit = request.user.has_perm("structures.change_convention", convention)
        convention.edit_url = edit(convention.pk)
        convention.kind_label = KIND_LABELS.get(convention.kind, convention.kind)
        convention.signed = f"{convention.signed_on:%d/%m/%Y}" if convention.signed_on else "—"
        convention.period = "—"
        if convention.start_date:
            end = f"{convention.end_date:%d/%m/%Y}" if convention.end_date else "…"
            convention.period = f"{convention.start_date:%d/%m/%Y} – {end}"
        convention.parties = ", ".join(parties[convention.pk])
    return render(
        request,
        "structures/convention_list.html",
        {
            "filter": convention_filter,
            "conventions": rows,
            "page": page,
            "page_query": page_query,
            "can_add": request.user.has_perm("structures.change_convention"),
        },
    )


def convention_create(request):
    check_perm(request.user, "structures.change_convention")
    form = ConventionForm(request.POST or None, user=request.user)
    if form.is_valid():
        convention = form.save()
        messages.success(request, f"La convention « {convention} » a été enregistrée.")
        return redirect("structures:convention_list")
    return render(
        request,
        "structures/form.html",
        {"form": form, "title": "Nouvelle convention", "cancel_url": reverse("structures:convention_list")},
    )


def convention_edit(request, pk):
    convention = get_object_for_user(request.user, Convention, pk, "structures.change_convention")
    form = ConventionForm(request.POST or None, instance=convention, user=request.user)
    list_url = reverse("structures:convention_list")
    context = {
        "title": f"Modifier « {convention} »",
        "cancel_url": list_url,
        "history_url": reverse("history", args=["structures", "convention", convention.pk]),
    }
    return edit_page(request, form, saved="La convention a été modifiée.", success_url=list_url, context=context)
