"""Campaigns: the list, a campaign's page, its completeness, and the administrators' actions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.access import check_perm
from fiches.models import Schema
from structures.models import Structure

from ..completeness import campaign_completeness
from ..forms import CampaignForm
from ..models import Campaign
from ..rules import Entry, entry_refusal, validation_refusal
from ..services import Refused, close_campaign, open_campaign, reopen_campaign
from .common import get_campaign


def campaign_list(request):
    check_perm(request.user, "indicateurs.view_campaign")
    campaigns = Campaign.objects.for_user(request.user).select_related("schema").order_by("schema__department_code", "-year")
    return render(request, "indicateurs/campaign_list.html", {"campaigns": campaigns})


def campaign_detail(request, pk):
    user = request.user
    campaign = get_campaign(user, pk)
    my_entries = []
    if user.is_directeur:
        for structure in user.structures.filter(commune__department_code=campaign.schema.department_code).select_related(
            "commune"
        ):
            my_entries.append({"structure": structure, "refusal": entry_refusal(user, Entry(campaign, structure))})
    reopened = list(campaign.reopened_structures.order_by("name")) if user.is_admin else []
    structures = list(campaign.structures().order_by("name").only("pk", "name")) if user.is_admin else []
    return render(
        request,
        "indicateurs/campaign_detail.html",
        {
            "campaign": campaign,
            "my_entries": my_entries,
            "validation_refusal": validation_refusal(user, campaign),
            "reopened": reopened,
            "structures": structures,
        },
    )


def campaign_create(request):
    check_perm(request.user, "indicateurs.manage_campaign")
    form = CampaignForm(request.POST or None)
    form.fields["schema"].queryset = Schema.objects.order_by("department_code", "-first_year")
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, f"La campagne {campaign.year} est créée. Ouvrez-la pour prévenir les structures.")
        return redirect("indicateurs:campaign_detail", campaign.pk)
    return render(request, "indicateurs/campaign_form.html", {"form": form})


def _admin_action(request, pk, action, success):
    check_perm(request.user, "indicateurs.manage_campaign")
    campaign = get_campaign(request.user, pk, "indicateurs.manage_campaign")
    try:
        result = action(campaign)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(result))
    return redirect("indicateurs:campaign_detail", campaign.pk)


@require_POST
def campaign_open(request, pk):
    base_url = request.build_absolute_uri("/")
    return _admin_action(
        request,
        pk,
        lambda c: open_campaign(campaign=c, user=request.user, base_url=base_url),
        lambda n: f"La campagne est ouverte. {n} courriel(s) envoyé(s) aux directions des structures.",
    )


@require_POST
def campaign_close(request, pk):
    return _admin_action(request, pk, lambda c: close_campaign(campaign=c, user=request.user), lambda _: "La campagne est close.")


@require_POST
def campaign_reopen(request, pk):
    structure = None
    structure_pk = request.POST.get("structure")
    if structure_pk:
        check_perm(request.user, "indicateurs.manage_campaign")
        try:
            structure = get_object_or_404(Structure.objects.select_related("commune"), pk=int(structure_pk))
        except ValueError:
            messages.error(request, "Choisissez une structure dans la liste.")
            return redirect("indicateurs:campaign_detail", pk)
    if structure is None:
        return _admin_action(
            request, pk, lambda c: reopen_campaign(campaign=c, user=request.user), lambda _: "La campagne est rouverte."
        )
    return _admin_action(
        request,
        pk,
        lambda c: reopen_campaign(campaign=c, user=request.user, structure=structure),
        lambda n: f"La saisie est rouverte pour {structure.name} ({n} valeur(s) repassée(s) en brouillon).",
    )


def completeness(request, pk):
    campaign = get_campaign(request.user, pk, "indicateurs.view_completeness")
    return render(
        request,
        "indicateurs/completeness.html",
        {"campaign": campaign, "completeness": campaign_completeness(campaign)},
    )
