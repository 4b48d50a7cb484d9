"""Forms with which an administrateur sets up a schéma: its own fields, its axes, the orientations of an axe."""

import re

from django import forms
from django.utils.text import slugify

from core.concurrency import VersionedFormMixin
from structures.models import Organisation

from .models import Axis, Fiche, Orientation, Schema

AXIS_NUMBER_MAX = 99  # far below the renumbering offset of fiches.services.save_schema_rows
DEPARTMENT_CODE = re.compile(r"\d{2}|2[AB]|97\d")


class SchemaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Schema
        fields = ["title", "department_code", "department_name", "first_year", "last_year", "pilot", "status", "description"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "department_code": "Par exemple 69, 2A ou 974.",
            "first_year": "Par exemple 2022.",
            "last_year": "Par exemple 2026.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = Organisation.objects.order_by("name")

    def clean_department_code(self):
        code = self.cleaned_data["department_code"].strip().upper()
        if not DEPARTMENT_CODE.fullmatch(code):
            raise forms.ValidationError("Saisissez un code de département : deux chiffres (69), 2A, 2B ou 97 suivi d'un chiffre.")
        return code

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not self.errors:
            self.instance.slug = self._free_slug(cleaned)
        return cleaned

    @staticmethod
    def _free_slug(cleaned):
        """The schéma's identifier, made unique: two schémas of one département may share a period."""
        base = slugify(f"{cleaned['department_name']}-{cleaned['first_year']}-{cleaned['last_year']}")[:70] or "schema"
        slug, suffix = base, 1
        while Schema.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        return slug


class NumberedRowForm(forms.ModelForm):
    """A row of a schéma's tree (an axe, an orientation) whose number may be swapped with another's to
    reorder them: the formset checks the numbers among themselves, the service writes them without collision."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.add("number")
        return exclusions


class AxisForm(NumberedRowForm):
    class Meta:
        model = Axis
        fields = ["number", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number is not None and not 1 <= number <= AXIS_NUMBER_MAX:
            raise forms.ValidationError(f"Le numéro d'un axe va de 1 à {AXIS_NUMBER_MAX}.")
        return number


class OrientationForm(NumberedRowForm):
    class Meta:
        model = Orientation
        fields = ["number", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def clean_number(self):
        number = " ".join(self.cleaned_data["number"].split())
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,7}", number):
            raise forms.ValidationError("Saisissez un numéro court, par exemple 2.1.")
        return number


class SchemaRowsFormSet(forms.BaseInlineFormSet):
    """The axes of a schéma, or the orientations of an axe: numbers unique among the rows, hidden ids limited
    to the parent's own rows, and no deletion of a row that still carries fiches-actions (they would go with it)."""

    kind = ""  # "axe" or "orientation", for the messages
    the_kind = ""  # "L'axe", "L'orientation"
    this_kind = ""  # "cet axe", "cette orientation"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields[self._pk_field.name]
        pk_field.queryset = self.get_queryset() if self.instance.pk else self.model._default_manager.none()
        pk_field.error_messages["invalid_choice"] = "Cette ligne n'appartient pas à ce schéma : rechargez la page et recommencez."

    def clean(self):
        super().clean()
        numbers, refusals = set(), []
        for form in self.forms:
            if self._should_delete_form(form):
                # A row ticked for deletion has its own errors ignored by the formset: the refusal is the formset's.
                refusals.extend(self._deletion_refusals(form))
                continue
            if not form.is_valid() or not form.cleaned_data:
                continue
            number = form.cleaned_data.get("number")
            key = str(number).lower()
            if key in numbers:
                raise forms.ValidationError(f"Deux lignes portent le numéro {number} : chaque {self.kind} a le sien.")
            numbers.add(key)
        if refusals:
            raise forms.ValidationError(refusals)

    def _deletion_refusals(self, form):
        instance = form.instance
        count = self.fiche_count(instance) if instance.pk else 0
        if count:
            fiches = "une fiche-action" if count == 1 else f"{count} fiches-actions"
            yield (
                f"{self.the_kind} {instance.number} porte encore {fiches} : rattachez-les à une autre orientation "
                f"ou supprimez-les avant de supprimer {self.this_kind}."
            )

    def fiche_count(self, instance):
        raise NotImplementedError


class AxisRowsFormSet(SchemaRowsFormSet):
    kind, the_kind, this_kind = "axe", "L'axe", "cet axe"

    def fiche_count(self, instance):
        return Fiche.objects.filter(orientation__axis=instance).count()


class OrientationRowsFormSet(SchemaRowsFormSet):
    kind, the_kind, this_kind = "orientation", "L'orientation", "cette orientation"

    def fiche_count(self, instance):
        return instance.fiches.count()


# A schéma has a handful of axes, an axe a handful of orientations: the cap keeps a tampered TOTAL_FORMS small.
ROWS_MAX = 30
ROWS_LIMITS = {"max_num": ROWS_MAX, "absolute_max": ROWS_MAX, "validate_max": True}

AxisFormSet = forms.inlineformset_factory(
    Schema, Axis, form=AxisForm, formset=AxisRowsFormSet, extra=1, can_delete=True, **ROWS_LIMITS
)
OrientationFormSet = forms.inlineformset_factory(
    Axis, Orientation, form=OrientationForm, formset=OrientationRowsFormSet, extra=1, can_delete=True, **ROWS_LIMITS
)
