"""An administrateur sets up schémas in the application: the schéma itself, its axes, the orientations of an axe."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from core.access import check_perm, get_object_for_user
from core.concurrency import StaleObjectError, VersionedFormMixin, check_current, save_versioned_form

from ..forms import ADD_ROWS, shown_without_errors, with_more_rows
from ..models import Axis, Schema
from ..schema_forms import ROWS_MAX, AxisFormSet, OrientationFormSet, SchemaForm
from ..services_schema import save_schema_rows

MANAGE = "fiches.manage_schemas"


def _render(request, template, context, *, refused):
    # A form given back with its errors answers 422, as the other forms of the project.
    return render(request, template, context, status=422 if refused else 200)


def schema_create(request):
    check_perm(request.user, MANAGE)
    form = SchemaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        schema = save_versioned_form(form)
        messages.success(request, f"Le schéma « {schema.title} » est créé : ajoutez-lui ses axes.")
        return redirect("fiches:schema_axes", pk=schema.pk)
    return _render(request, "fiches/schema_form.html", {"form": form, "schema": None}, refused=form.is_bound)


def schema_edit(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, MANAGE)
    form = SchemaForm(request.POST if request.method == "POST" else None, instance=schema)
    if request.method == "POST" and form.is_valid():
        try:
            schema = save_versioned_form(form)
        except StaleObjectError as error:
            form.add_stale_error(error)
        else:
            messages.success(request, f"Le schéma « {schema.title} » est enregistré.")
            return redirect("fiches:schema_detail", pk=schema.pk)
    return _render(request, "fiches/schema_form.html", {"form": form, "schema": schema}, refused=form.is_bound)


class TreeVersionForm(VersionedFormMixin, forms.Form):
    """The version of the schéma whose axes or orientations the page edits."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)


def _edit_rows(request, *, schema, make_formset, prefix, template, context, done):
    data = request.POST if request.method == "POST" else None
    adding_rows = data is not None and ADD_ROWS in data
    if adding_rows:
        data = with_more_rows(data, [prefix], limit=ROWS_MAX)
    version_form = TreeVersionForm(data, instance=schema)
    formset = make_formset(data, prefix)
    if adding_rows:
        shown_without_errors(version_form, formset)
    elif data is not None and version_form.is_valid():
        expected = version_form.cleaned_data.get("version")
        try:
            if formset.is_valid():
                save_schema_rows(schema=schema, formset=formset, expected_version=expected)
                messages.success(request, done)
                return redirect(request.path)
            # A row deleted meanwhile makes the formset invalid: the page being out of date is said first.
            check_current(Schema, schema.pk, expected_version=expected)
        except StaleObjectError as error:
            version_form.add_stale_error(error)
    context = {**context, "schema": schema, "formset": formset, "version_form": version_form}
    return _render(request, template, context, refused=data is not None and not adding_rows)


def schema_axes(request, pk):
    schema = get_object_for_user(request.user, Schema, pk, MANAGE)
    axes = schema.axes.order_by("number").prefetch_related("orientations")
    return _edit_rows(
        request,
        schema=schema,
        make_formset=lambda data, prefix: AxisFormSet(
            data, instance=schema, prefix=prefix, queryset=schema.axes.order_by("number")
        ),
        prefix="axes",
        template="fiches/schema_axes.html",
        context={"axes": axes},
        done="Les axes du schéma sont enregistrés.",
    )


def axis_orientations(request, pk):
    axis = get_object_for_user(request.user, Axis.objects.select_related("schema"), pk, MANAGE)
    return _edit_rows(
        request,
        schema=axis.schema,
        make_formset=lambda data, prefix: OrientationFormSet(
            data, instance=axis, prefix=prefix, queryset=axis.orientations.order_by("number")
        ),
        prefix="orientations",
        template="fiches/axis_orientations.html",
        context={"axis": axis},
        done=f"Les orientations de l'axe {axis.number} sont enregistrées.",
    )
