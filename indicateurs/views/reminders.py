"""Reminders from the completeness page: the structures chosen, a preview of the e-mail, then the sending."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render

from core.access import check_perm

from ..completeness import campaign_completeness
from ..notifications import directors, reminder_preview
from ..services import Refused, remind_structures
from .common import get_campaign

ALL = "toutes"


def _chosen_ids(data):
    return {int(raw) for raw in data.getlist("structure") if raw.isdigit()}


def campaign_remind(request, pk):
    """GET: the late structures chosen (ticked, or all with ``toutes``) and the e-mail they will receive;
    POST: send it to their directors and log each reminder on its structure."""
    campaign = get_campaign(request.user, pk, "indicateurs.view_completeness")
    check_perm(request.user, "indicateurs.remind_structures", campaign)
    if request.method == "POST":
        try:
            reminded, sent = remind_structures(
                campaign=campaign,
                user=request.user,
                structure_ids=_chosen_ids(request.POST),
                base_url=request.build_absolute_uri("/"),
            )
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{reminded} structure{'s' if reminded > 1 else ''} relancée{'s' if reminded > 1 else ''} "
                f"({sent} courriel{'s' if sent > 1 else ''} envoyé{'s' if sent > 1 else ''}).",
            )
        return redirect("indicateurs:completeness", campaign.pk)
    late = campaign_completeness(campaign).late
    if ALL not in request.GET:
        chosen = _chosen_ids(request.GET)
        late = [row for row in late if row.structure.pk in chosen]
    if not late:
        messages.error(request, "Cochez au moins une structure en retard à relancer.")
        return redirect("indicateurs:completeness", campaign.pk)
    prefetch_related_objects([row.structure for row in late], "directors")
    for row in late:
        # Names, not addresses: a person's e-mail is read by the administrateurs and that person only.
        row.recipients = [d.get_full_name() or "directeur ou directrice sans nom" for d in directors(row.structure)]
    shown = next((row for row in late if row.recipients), late[0])
    subject, body = reminder_preview(campaign, shown.structure, base_url=request.build_absolute_uri("/"))
    return render(
        request,
        "indicateurs/campaign_remind.html",
        {"campaign": campaign, "rows": late, "shown": shown, "subject": subject, "body": body},
    )
