"""Writes of a schéma's setup: its axes, the orientations of an axe (fiches.schema_forms)."""

from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

from core.concurrency import bump_version, lock_version

from .models import Axis, Schema

AXIS_RENUMBER_OFFSET = 10000


def save_schema_rows(*, schema, formset, expected_version):
    """Save the axes of ``schema`` (an AxisFormSet) or the orientations of one of its axes (an
    OrientationFormSet), all or nothing. The schéma's version guards its whole tree: a save made from a
    page read before another change of the schéma is refused (core.concurrency.StaleObjectError).

    Numbers may be swapped to reorder the rows: the parent's rows are moved out of the way first, then
    each gets its posted number back."""
    with transaction.atomic():
        locked = lock_version(Schema, schema.pk, expected_version=expected_version)
        bump_version(locked)
        locked.save(update_fields=["version"])
        schema.version = locked.version
        parent = formset.instance
        rows = formset.model.objects.filter(**{formset.fk.name: parent})
        if formset.model is Axis:
            rows.update(number=F("number") + AXIS_RENUMBER_OFFSET)
        else:
            rows.update(number=Concat(Value("~"), Cast("pk", CharField())))
        formset.save()
        for form in formset.forms:
            instance = form.instance
            if instance.pk and form not in formset.deleted_forms and not form.has_changed():
                formset.model.objects.filter(pk=instance.pk).update(number=form.initial["number"])
    return schema
