"""Forms of the fiches app: recording progress, editing a fiche and its inline lists, importing."""

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils import timezone

from core.concurrency import VersionedFormMixin
from core.search import french_order
from core.uploads import human_size, validate_import_file, validate_upload

from .enums import STATUS_PROGRESS_RULE, ActionStatus, status_progress_conflict
from .models import Action, ExpectedResult, Fiche, FicheOrganisation, Orientation

ACTION_NUMBER_MAX = 32767  # a PositiveSmallIntegerField


class ActionUpdateForm(VersionedFormMixin, forms.Form):
    """A progress update of one action. ``version`` is the action's version the person read."""

    status = forms.ChoiceField(label="Statut", choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label="Avancement (%)",
        min_value=0,
        max_value=100,
        help_text=STATUS_PROGRESS_RULE,
        error_messages={
            "min_value": "L'avancement est un pourcentage entre 0 et 100.",
            "max_value": "L'avancement est un pourcentage entre 0 et 100.",
        },
    )
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    comment = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, action, **kwargs):
        self.action = action
        self.instance = action
        kwargs.setdefault("initial", {"status": action.status, "progress": action.progress, "date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_action{action.pk}_{name}")

    def clean(self):
        cleaned = super().clean()
        status, progress = cleaned.get("status"), cleaned.get("progress")
        if status and progress is not None and (conflict := status_progress_conflict(status, progress)):
            self.add_error("progress", f"Statut et avancement contradictoires : {conflict}. {STATUS_PROGRESS_RULE}")
        return cleaned

    def clean_date(self):
        date = self.cleaned_data["date"]
        schema = self.action.fiche.schema
        if date > timezone.localdate():
            raise forms.ValidationError("La date d'une mise à jour ne peut pas être dans le futur.")
        if not schema.first_year <= date.year <= schema.last_year:
            raise forms.ValidationError(
                f"La date doit se situer dans la période du schéma ({schema.first_year} à {schema.last_year})."
            )
        return date


class FicheForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Fiche
        fields = [
            "orientation",
            "code",
            "title",
            *Fiche.TEXT_FIELDS,
            "followers",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "diagnostic": forms.Textarea(attrs={"rows": 5}),
            "principles": forms.Textarea(attrs={"rows": 5}),
            "publics": forms.Textarea(attrs={"rows": 3}),
            "pilotage": forms.Textarea(attrs={"rows": 3}),
            "partners_text": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "schedule": forms.Textarea(attrs={"rows": 2}),
            "other_sections": forms.Textarea(attrs={"rows": 3}),
            "followers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, schema, can_choose_followers=True, **kwargs):
        self.schema = schema
        super().__init__(*args, **kwargs)
        self.fields["orientation"].queryset = Orientation.objects.filter(axis__schema=schema).select_related("axis")
        self.fields["followers"].queryset = schema.conseillers.order_by("last_name", "first_name")
        self.fields["followers"].label = "Conseillers Caf qui suivent la fiche"
        if not can_choose_followers:
            del self.fields["followers"]

    def clean_code(self):
        code = " ".join(self.cleaned_data["code"].split())
        duplicates = Fiche.objects.filter(schema=self.schema, code__iexact=code).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError("Ce code de fiche existe déjà dans le schéma.")
        return code


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["number", "text", "first_year", "last_year"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def clean_number(self):
        # The model's range check is skipped with the other number checks (_get_validation_exclusions).
        number = self.cleaned_data["number"]
        if number is not None and not 1 <= number <= ACTION_NUMBER_MAX:
            raise forms.ValidationError(f"Le numéro d'une action va de 1 à {ACTION_NUMBER_MAX}.")
        return number

    def _get_validation_exclusions(self):
        # Numbers may be swapped to reorder the actions: the formset checks them among themselves
        # (ActionFormSet.clean) and fiches.services.save_fiche writes them without collision.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("number")
        return exclusions


class OwnRowsInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose hidden ids may only name rows of its own fiche.

    Django looks a posted id up among every row of the model: a tampered id of another fiche's (or
    another schéma's) row would be saved into this fiche. Limiting the choices to the fiche's rows makes
    such an id a form error, and nothing is written."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields[self._pk_field.name]
        pk_field.queryset = self.get_queryset() if self.instance.pk else self.model._default_manager.none()
        pk_field.error_messages["invalid_choice"] = (
            "Cette ligne n'appartient pas à cette fiche-action : rechargez la page et recommencez."
        )


class BaseActionFormSet(OwnRowsInlineFormSet):
    def __init__(self, *args, schema, **kwargs):
        self.schema = schema
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        numbers = set()
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            number = form.cleaned_data.get("number")
            if number in numbers:
                raise forms.ValidationError(f"Deux actions portent le numéro {number}.")
            numbers.add(number)
            first, last = form.cleaned_data.get("first_year"), form.cleaned_data.get("last_year")
            schema = self.schema
            if first and last and (first > last or first < schema.first_year or last > schema.last_year):
                form.add_error(
                    "last_year",
                    f"L'échéance doit aller d'une année à une suivante, dans la période du schéma "
                    f"({schema.first_year} à {schema.last_year}).",
                )


# A fiche lists a handful of actions, results and organisations. The cap keeps a tampered TOTAL_FORMS
# (1000, 10**30) from building and rendering thousands of forms: Django's default ceiling is 2 000.
FORMSET_MAX = 50
FORMSET_LIMITS = {"max_num": FORMSET_MAX, "absolute_max": FORMSET_MAX, "validate_max": True}

ActionFormSet = forms.inlineformset_factory(
    Fiche, Action, form=ActionForm, formset=BaseActionFormSet, extra=1, can_delete=True, **FORMSET_LIMITS
)
ExpectedResultFormSet = forms.inlineformset_factory(
    Fiche,
    ExpectedResult,
    formset=OwnRowsInlineFormSet,
    fields=["order", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    **FORMSET_LIMITS,
)


class FicheOrganisationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = french_order(self.fields["organisation"].queryset, "name")


FicheOrganisationFormSet = forms.inlineformset_factory(
    Fiche,
    FicheOrganisation,
    form=FicheOrganisationForm,
    formset=OwnRowsInlineFormSet,
    fields=["role", "organisation", "detail", "order"],
    widgets={"detail": forms.Textarea(attrs={"rows": 1})},
    extra=1,
    can_delete=True,
    **FORMSET_LIMITS,
)


# Without JavaScript, the « Ajouter des lignes » submit button (name ADD_ROWS) gives the form back with
# ADDED_ROWS more empty rows in each formset, keeping what was typed and saving nothing; with JavaScript,
# static/js/formset.js adds a row from the formset's empty_form without a round trip.
ADD_ROWS = "ajouter_lignes"
ADDED_ROWS = 2


def with_more_rows(data, prefixes, *, limit=FORMSET_MAX):
    """A copy of the posted ``data`` announcing ADDED_ROWS more rows for each formset prefix (at most ``limit``)."""
    data = data.copy()
    for prefix in prefixes:
        key = f"{prefix}-TOTAL_FORMS"
        total = data.get(key, "")
        total = int(total) if total.isdigit() and len(total) < 5 else 0
        data[key] = str(min(total + ADDED_ROWS, limit))
    return data


def shown_without_errors(*forms_and_formsets):
    """Mark bound forms and formsets as checked and faultless, so that they render what was typed without
    error messages: asking for more rows is not a save, nothing in the input is wrong yet."""
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            item._errors, item._non_form_errors = [], ErrorList()
            shown_without_errors(*item.forms)
        else:
            item._errors, item.cleaned_data = ErrorDict(), {}


class ActionUpdateImportForm(forms.Form):
    file = forms.FileField(label="Fichier CSV ou XLSX", help_text="Les colonnes de l'export des actions.")
    valid_only = forms.BooleanField(
        label="N'importer que les lignes valides et me rendre les lignes refusées (sinon, une seule ligne fautive "
        "et rien n'est enregistré)",
        required=False,
    )

    def clean_file(self):
        return validate_import_file(self.cleaned_data["file"])


FICHE_IMPORT_EXTENSIONS = ["txt", "docx", "odt", "pdf"]
FICHE_IMPORT_MAX_BYTES = 5 * 1024 * 1024
FICHE_IMPORT_MAX_FILES = 10
# The files wait in the session until the preview is confirmed: a bound on what one import keeps there.
FICHE_IMPORT_MAX_TOTAL_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files: cleans each, gives the list."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item] or super().clean(None)


class FicheImportForm(forms.Form):
    files = MultipleFileField(
        allow_empty_file=True,  # validate_upload names the empty file
        label="Fichiers des fiches-actions",
        help_text=(
            f"Texte (.txt), Word (.docx), OpenDocument (.odt) ou PDF, {FICHE_IMPORT_MAX_FILES} fichiers au plus, "
            "5 Mo chacun, 10 Mo en tout. Rien n'est enregistré avant que vous ayez vérifié l'aperçu et confirmé."
        ),
        widget=MultipleFileInput(attrs={"accept": ",".join(f".{extension}" for extension in FICHE_IMPORT_EXTENSIONS)}),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > FICHE_IMPORT_MAX_FILES:
            raise forms.ValidationError(
                f"Vous avez choisi {len(uploads)} fichiers : importez-en {FICHE_IMPORT_MAX_FILES} au plus à la fois.",
                code="too_many",
            )
        errors = []
        for upload in uploads:
            try:
                validate_upload(upload, extensions=FICHE_IMPORT_EXTENSIONS, max_bytes=FICHE_IMPORT_MAX_BYTES)
            except forms.ValidationError as error:
                errors.append(forms.ValidationError(f"{upload.name[:100]} : {error.messages[0]}", code=error.code))
        if errors:
            raise forms.ValidationError(errors)
        total = sum(upload.size for upload in uploads)
        if total > FICHE_IMPORT_MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                f"Les fichiers choisis pèsent {human_size(total)} au total : la limite est de "
                f"{human_size(FICHE_IMPORT_MAX_TOTAL_BYTES)} par import. Importez-les en plusieurs fois.",
                code="too_large",
            )
        return uploads
