"""Forms of the structures pages (ModelForms rendered with crispy-forms, Bootstrap 5)."""

import datetime

from django import forms

from comptes.rules import is_admin
from core.concurrency import VersionedFormMixin
from core.search import french_order
from core.uploads import validate_import_file
from core.widgets import QuickSelect

from .enums import AgrementStatus
from .models import FUNDING_DUPLICATE, Agrement, Commune, Convention, Funding, Organisation, Structure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def communes_for(user):
    """The communes where ``user`` may place a structure: all for administrators, their départements for conseillers."""
    communes = Commune.objects.all()
    if not is_admin(user):
        communes = communes.filter(department_code__in=user.department_codes())
    return french_order(communes, "name")


class StructureForm(VersionedFormMixin, forms.ModelForm):
    # Longer than the 14 digits, so that "775 672 272 00015" reaches clean_siret, which removes the spaces.
    siret = forms.CharField(label="SIRET", max_length=20, required=False, help_text="14 chiffres.")

    class Meta:
        model = Structure
        fields = [
            "name",
            "kind",
            "gestion",
            "manager",
            "siret",
            "address",
            "postal_code",
            "commune",
            "qpv",
            "qpv_name",
            "federation_member",
            "director_name",
            "email",
            "phone",
            "website",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for(user)

    def clean_siret(self):
        return "".join((self.cleaned_data.get("siret") or "").split())

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class StructureContactForm(VersionedFormMixin, forms.ModelForm):
    """What a director may change on their own structure: the contact details."""

    class Meta:
        model = Structure
        fields = ["director_name", "email", "phone", "website", "address", "postal_code"]


class AgrementForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agrement
        fields = ["kind", "start_date", "end_date", "decision_date", "status", "comment"]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "decision_date": DATE_WIDGET}

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.structure = structure

    def clean(self):
        from .services import overlapping_agrements

        cleaned = super().clean()
        kind, start, end = cleaned.get("kind"), cleaned.get("start_date"), cleaned.get("end_date")
        status = cleaned.get("status")
        if kind and start and end and status != AgrementStatus.REFUSE:
            overlaps = overlapping_agrements(
                structure=self.instance.structure, kind=kind, start_date=start, end_date=end, exclude=self.instance.pk
            )
            if overlaps:
                other = overlaps[0]
                raise forms.ValidationError(
                    f"Cet agrément chevauche l'agrément {other.get_kind_display()} du "
                    f"{other.start_date:%d/%m/%Y} au {other.end_date:%d/%m/%Y}."
                )
        return cleaned


class AgrementRenewForm(forms.Form):
    """Renewing an agrément: the new one starts the day after the previous one ends."""

    end_date = forms.DateField(label="fin du nouvel agrément", widget=DATE_WIDGET)
    decision_date = forms.DateField(label="date de décision", required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label="statut", choices=AgrementStatus.choices, initial=AgrementStatus.INSTRUCTION)
    comment = forms.CharField(label="commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, previous, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.start_date = previous.end_date + datetime.timedelta(days=1)
        if not self.is_bound:
            self.initial["end_date"] = self.start_date.replace(year=self.start_date.year + 4) - datetime.timedelta(days=1)


class FundingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "year", "nature", "amount", "comment"]

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.structure = structure
        self.fields["funder"].queryset = french_order(Organisation.objects.all(), "name")

    def clean(self):
        # The structure is not a field of the form, so Django leaves the unique constraint unchecked.
        cleaned = super().clean()
        key = {name: cleaned.get(name) for name in ("funder", "year", "nature", "amount")}
        if None not in key.values():
            duplicates = Funding.objects.filter(structure=self.instance.structure, **key).exclude(pk=self.instance.pk)
            if duplicates.exists():
                raise forms.ValidationError(FUNDING_DUPLICATE)
        return cleaned


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "department_code", "commune", "email", "website", "notes"]
        help_texts = {
            "department_code": "Laissez vide pour une organisation nationale (Caisse nationale, fédération nationale…).",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": "Une organisation porte déjà ce nom : ouvrez-la depuis l'annuaire."}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].queryset = communes_for(user)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_department_code(self):
        code = self.cleaned_data["department_code"].strip().upper()
        if code and not (is_admin(self.user) or code in self.user.department_codes()):
            raise forms.ValidationError("Vous ne pouvez enregistrer que des organisations de votre département ou nationales.")
        return code


class ConventionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Convention
        fields = [
            "kind",
            "title",
            "department_code",
            "signed_on",
            "start_date",
            "end_date",
            "organisations",
            "structures",
            "comment",
        ]
        widgets = {
            "signed_on": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
            "structures": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["structures"].queryset = Structure.objects.for_user(user).select_related("commune")
        self.fields["organisations"].queryset = french_order(Organisation.objects.all(), "name")
        if not is_admin(user):
            codes = user.department_codes()
            self.fields["department_code"] = forms.ChoiceField(
                label="code département", choices=[(code, code) for code in codes], initial=codes[0] if codes else None
            )

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("department_code")
        for structure in cleaned.get("structures") or []:
            if code and structure.commune.department_code != code:
                self.add_error("structures", f"« {structure} » n'est pas dans le département {code}.")
        return cleaned


class FiguresForm(forms.Form):
    department_code = forms.ChoiceField(label="Département", widget=QuickSelect)
    year = forms.IntegerField(label="Année", min_value=1990, max_value=2100)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_code"].choices = departments


class CoverageForm(forms.Form):
    department_code = forms.ChoiceField(label="Département", widget=QuickSelect)
    min_population = forms.IntegerField(label="Communes de plus de (habitants)", min_value=0, initial=5000, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_code"].choices = departments


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Un extrait SENACS, votre propre tableau ou le modèle téléchargeable : les colonnes sont reconnues "
        "sous leurs noms usuels.",
    )
    format_names = forms.BooleanField(
        label="Mettre en forme les noms écrits tout en majuscules (« CENTRE SOCIAL DES BUERS » → « Centre social des Buers »)",
        required=False,
        initial=False,
    )

    def clean_file(self):
        return validate_import_file(self.cleaned_data["file"])
