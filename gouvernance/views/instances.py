"""Instances and their meetings: lists, pages and forms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError, save_versioned_form
from fiches.models import Schema

from ..forms import InstanceForm, MeetingForm
from ..models import Instance, Meeting


def instance_list(request):
    check_perm(request.user, "gouvernance.view_instance")
    instances = (
        Instance.objects.for_user(request.user)
        .select_related("schema")
        .prefetch_related("members")
        .order_by("schema__department_code", "-schema__first_year", "kind", "name")
    )
    schemas = [schema for schema in Schema.objects.for_user(request.user) if request.user.has_perm("gouvernance.record", schema)]
    return render(request, "gouvernance/instance_list.html", {"instances": instances, "recordable_schemas": schemas})


def _instance_form(request, *, schema, instance, template_context):
    form = InstanceForm(request.POST if request.method == "POST" else None, instance=instance, schema=schema)
    if request.method == "POST" and form.is_valid():
        try:
            instance = save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, f"Instance « {instance} » enregistrée.")
            return redirect("gouvernance:instance_detail", pk=instance.pk)
    return render(request, "gouvernance/instance_form.html", {"form": form, "schema": schema, **template_context})


@require_http_methods(["GET", "POST"])
def instance_create(request, schema_pk):
    schema = get_object_for_user(request.user, Schema, schema_pk, "gouvernance.record")
    return _instance_form(request, schema=schema, instance=None, template_context={})


@require_http_methods(["GET", "POST"])
def instance_edit(request, pk):
    instance = get_object_for_user(request.user, Instance.objects.select_related("schema"), pk, "gouvernance.record")
    return _instance_form(request, schema=instance.schema, instance=instance, template_context={"instance": instance})


def instance_detail(request, pk):
    instance = get_object_for_user(
        request.user, Instance.objects.select_related("schema").prefetch_related("members"), pk, "gouvernance.view_instance"
    )
    meetings = instance.meetings.prefetch_related("attendees").order_by("-date")
    context = {
        "instance": instance,
        "schema": instance.schema,
        "meetings": meetings,
        "can_record": request.user.has_perm("gouvernance.record", instance),
    }
    return render(request, "gouvernance/instance_detail.html", context)


def _meeting_form(request, *, instance_of, meeting):
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting, instance_of=instance_of)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, f"Réunion « {meeting} » enregistrée.")
            return redirect("gouvernance:meeting_detail", pk=meeting.pk)
    context = {"form": form, "instance": instance_of, "schema": instance_of.schema, "meeting": meeting}
    return render(request, "gouvernance/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    instance = get_object_for_user(request.user, Instance.objects.select_related("schema"), pk, "gouvernance.record")
    return _meeting_form(request, instance_of=instance, meeting=None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_object_for_user(request.user, Meeting.objects.select_related("body__schema"), pk, "gouvernance.record")
    return _meeting_form(request, instance_of=meeting.body, meeting=meeting)


def meeting_detail(request, pk):
    meeting = get_object_for_user(
        request.user,
        Meeting.objects.select_related("body__schema").prefetch_related("attendees"),
        pk,
        "gouvernance.view_instance",
    )
    decisions = meeting.decisions.with_page_data().prefetch_related("fiches", "actions__fiche").order_by("due_date", "pk")
    context = {
        "meeting": meeting,
        "instance": meeting.body,
        "schema": meeting.body.schema,
        "decisions": decisions,
        "absent": [org for org in meeting.body.members.all() if org not in meeting.attendees.all()],
        "can_record": request.user.has_perm("gouvernance.record", meeting),
    }
    return render(request, "gouvernance/meeting_detail.html", context)
