"""Decisions: their pages, forms and follow-up, the register of a schéma and its export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_object_for_user
from core.concurrency import StaleObjectError, save_versioned_form
from fiches.models import Schema

from ..exports import decisions_csv, decisions_xlsx
from ..forms import DecisionForm, DecisionUpdateForm
from ..models import Decision, Meeting
from ..services import record_decision_update

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _decision_form(request, *, meeting, decision):
    form = DecisionForm(request.POST if request.method == "POST" else None, instance=decision, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision = save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect("gouvernance:decision_detail", pk=decision.pk)
    context = {"form": form, "meeting": meeting, "instance": meeting.body, "schema": meeting.body.schema}
    return render(request, "gouvernance/decision_form.html", {**context, "decision": decision})


@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    meeting = get_object_for_user(request.user, Meeting.objects.select_related("body__schema"), pk, "gouvernance.record")
    return _decision_form(request, meeting=meeting, decision=None)


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = get_object_for_user(request.user, Decision.objects.with_page_data(), pk, "gouvernance.record")
    return _decision_form(request, meeting=decision.meeting, decision=decision)


def _detail_context(request, decision, form=None):
    can_record = request.user.has_perm("gouvernance.record", decision)
    return {
        "decision": decision,
        "meeting": decision.meeting,
        "instance": decision.meeting.body,
        "schema": decision.schema,
        "updates": decision.updates.select_related("author").order_by("-date", "-created_at"),
        "fiches": decision.fiches.order_by("code"),
        "actions": decision.actions.select_related("fiche").order_by("fiche__code", "number"),
        "can_record": can_record,
        "form": form or (DecisionUpdateForm(decision=decision) if can_record else None),
    }


def decision_detail(request, pk):
    decision = get_object_for_user(request.user, Decision.objects.with_page_data(), pk, "gouvernance.view_instance")
    return render(request, "gouvernance/decision_detail.html", _detail_context(request, decision))


@require_POST
def decision_update(request, pk):
    decision = get_object_for_user(request.user, Decision.objects.with_page_data(), pk, "gouvernance.record")
    form = DecisionUpdateForm(request.POST, decision=decision)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_decision_update(
                decision=decision,
                author=request.user,
                status=data["status"],
                comment=data["comment"],
                date=data["date"],
                expected_version=data.get("version"),
            )
        except StaleObjectError as error:
            form.add_stale_error(error)
            decision = Decision.objects.with_page_data().get(pk=decision.pk)
        else:
            messages.success(request, "Suivi de la décision enregistré.")
            return redirect(reverse("gouvernance:decision_detail", args=[decision.pk]))
    return render(request, "gouvernance/decision_detail.html", _detail_context(request, decision, form), status=422)


def _register(request, schema):
    decisions = (
        Decision.objects.for_user(request.user)
        .filter(meeting__body__schema=schema)
        .with_page_data()
        .prefetch_related("fiches", "actions__fiche")
        .order_by("due_date", "pk")
    )
    late_only = request.GET.get("late") == "oui"
    return decisions.late() if late_only else decisions, late_only


def decision_register(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, "gouvernance.view_register")
    decisions, late_only = _register(request, schema)
    context = {"schema": schema, "decisions": decisions, "late_only": late_only}
    return render(request, "gouvernance/decision_register.html", context)


def decision_export(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404("Format d'export inconnu : CSV ou XLSX.")
    schema = get_object_for_user(request.user, Schema, pk, "gouvernance.view_register")
    decisions, _late_only = _register(request, schema)
    content = decisions_csv(decisions) if fmt == "csv" else decisions_xlsx(decisions)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="decisions-{schema.slug}.{fmt}"'
    return response
