"""Forms of the indicators app: the dynamic entry form (one typed field per indicator), the indicator and
campaign forms of administrators, the send-back form of conseillers and the import form."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format

from core.concurrency import VersionedFormMixin
from core.search import french_order
from core.uploads import validate_import_file

from .enums import NUMERIC_KINDS, IndicatorKind
from .models import Campaign, Indicator

TEXT_MAX_LENGTH = 2000
MAX_NUMBER = Decimal("999999999999.99")
YES_NO = [("", "—"), ("oui", "Oui"), ("non", "Non")]
REQUIRED_TO_SUBMIT = "Renseignez cette valeur pour pouvoir transmettre."


def value_field_name(indicator):
    return f"valeur-{indicator.pk}"


def comment_field_name(indicator):
    return f"commentaire-{indicator.pk}"


def version_field_name(indicator):
    return f"version-{indicator.pk}"


class FrenchNumberField(forms.Field):
    """A number typed the French way (« 12 500,50 », « 45 % », « 1 200 € ») and checked for its kind."""

    def __init__(self, *, kind, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Decimal | int):
            return Decimal(value)
        value = (value or "").strip()
        if not value:
            return None
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", value).rstrip("€%").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise ValidationError(self._invalid_message(value), code="invalid")
        number = Decimal(cleaned)
        if self.kind == IndicatorKind.INTEGER and number != number.to_integral_value():
            raise ValidationError("Saisissez un nombre entier, sans décimale.", code="invalid")
        return number

    def _invalid_message(self, value):
        if self.kind == IndicatorKind.AMOUNT:
            return f"« {value} » n'est pas un montant : saisissez des chiffres seulement, par exemple 12 500 ou 12 500,50."
        if self.kind == IndicatorKind.INTEGER:
            return f"« {value} » n'est pas un nombre entier : saisissez des chiffres seulement."
        return f"« {value} » n'est pas un nombre : saisissez des chiffres, par exemple 12,5."

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < 0:
            raise ValidationError(
                {
                    IndicatorKind.INTEGER: "Un nombre ne peut pas être négatif.",
                    IndicatorKind.AMOUNT: "Un montant ne peut pas être négatif.",
                    IndicatorKind.PERCENTAGE: "Un pourcentage ne peut pas être négatif.",
                }.get(self.kind, "Une valeur ne peut pas être négative."),
                code="negative",
            )
        if self.kind == IndicatorKind.PERCENTAGE and value > 100:
            raise ValidationError("Un pourcentage ne peut pas dépasser 100.", code="over_100")
        if value > MAX_NUMBER:
            raise ValidationError("Cette valeur est trop grande.", code="too_big")
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError("Saisissez au plus deux décimales.", code="decimals")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            places = 0 if value == value.to_integral_value() else 2
            return number_format(value, places, use_l10n=True)
        return value


def build_value_field(indicator, *, label=None):
    """The typed form field of an indicator's value (never required here: submission checks completeness)."""
    kind = indicator.kind
    common = {"label": label or indicator.label, "required": False}
    if indicator.unit:
        common["help_text"] = f"Unité : {indicator.unit}"
    if kind in NUMERIC_KINDS:
        widget = forms.TextInput(attrs={"inputmode": "decimal" if kind != IndicatorKind.INTEGER else "numeric"})
        return FrenchNumberField(kind=kind, widget=widget, **common)
    if kind == IndicatorKind.BOOLEAN:
        return forms.ChoiceField(choices=YES_NO, **common)
    if kind == IndicatorKind.CHOICE:
        options = [str(option) for option in indicator.options or []]
        return forms.ChoiceField(
            choices=[("", "—"), *[(option, option) for option in options]],
            error_messages={"invalid_choice": "« %(value)s » ne fait pas partie des réponses proposées."},
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"max_length": "Le texte ne doit pas dépasser %(limit_value)d caractères (il en compte %(show_value)d)."},
        **common,
    )


def comment_field():
    return forms.CharField(
        label="Commentaire",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "max_length": "Le commentaire ne doit pas dépasser %(limit_value)d caractères (il en compte %(show_value)d)."
        },
    )


def initial_of(value):
    """The form's initial data for a stored value."""
    if value is None:
        return None
    kind = value.indicator.kind
    if kind == IndicatorKind.BOOLEAN:
        return {True: "oui", False: "non"}.get(value.boolean, "")
    if kind in NUMERIC_KINDS:
        return value.number
    return value.text


def fields_of(kind, cleaned):
    """The IndicatorValue fields (number, boolean, text) for a cleaned form value."""
    if kind == IndicatorKind.BOOLEAN:
        return {"number": None, "boolean": {"oui": True, "non": False}.get(cleaned), "text": ""}
    if kind in NUMERIC_KINDS:
        return {"number": cleaned, "boolean": None, "text": ""}
    return {"number": None, "boolean": None, "text": cleaned or ""}


def is_blank(cleaned):
    return cleaned is None or cleaned == ""


class ValuesForm(forms.Form):
    """One typed field per indicator (and a comment field where asked), built from the indicators given.

    Only the indicators passed in have fields: anything else posted (another schéma's indicator, a structure
    id) is ignored. ``locked`` maps indicator pks to the reason their value may not change: those fields are
    disabled, so Django keeps their stored value whatever is posted.
    """

    def __init__(self, *args, indicators, values, locked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.values = values
        self.locked = locked or {}
        for indicator in self.indicators:
            value = values.get(indicator.pk)
            field = build_value_field(indicator)
            field.initial = initial_of(value)
            field.disabled = indicator.pk in self.locked
            self.fields[value_field_name(indicator)] = field
            if indicator.comment_asked:
                comment = comment_field()
                comment.initial = value.comment if value else ""
                comment.disabled = field.disabled
                self.fields[comment_field_name(indicator)] = comment
            if not field.disabled:
                # The version of the value the person read (0: none yet): a stale save is refused.
                self.fields[version_field_name(indicator)] = forms.IntegerField(
                    widget=forms.HiddenInput, required=False, min_value=0, initial=value.version if value else 0
                )

    def versions(self):
        """{indicator pk: version read} for the editable indicators whose version was posted."""
        versions = {}
        for indicator in self.indicators:
            seen = self.cleaned_data.get(version_field_name(indicator))
            if seen is not None:
                versions[indicator.pk] = seen
        return versions

    def add_stale_error(self, error):
        """The refusal of a stale save (core.concurrency), on the value someone else changed."""
        field = version_field_name(error.current.indicator)
        VersionedFormMixin.add_stale_error(self, error, field=field)

    def changes(self):
        """{indicator: {number, boolean, text, comment}} for every editable indicator."""
        result = {}
        for indicator in self.indicators:
            if indicator.pk in self.locked:
                continue
            cleaned = self.cleaned_data.get(value_field_name(indicator))
            fields = fields_of(indicator.kind, cleaned)
            fields["comment"] = self.cleaned_data.get(comment_field_name(indicator), "") if indicator.comment_asked else ""
            fields["blank"] = is_blank(cleaned)
            result[indicator] = fields
        return result

    def check_complete(self):
        """Add an error to every empty field: a submission needs every value. True when complete."""
        complete = True
        for indicator in self.indicators:
            name = value_field_name(indicator)
            if indicator.pk in self.locked:
                continue
            if is_blank(self.cleaned_data.get(name)) and name not in self.errors:
                self.add_error(name, REQUIRED_TO_SUBMIT)
                complete = False
        return complete and not self.errors


class ReturnValueForm(forms.Form):
    comment = forms.CharField(
        label="Motif du renvoi",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Expliquez à la structure ce qu'elle doit corriger."},
    )


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    options_text = forms.CharField(
        label="Réponses proposées",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pour un indicateur à choix : une réponse par ligne.",
    )
    targets_text = forms.CharField(
        label="Cibles par année",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une cible par ligne, sous la forme « 2025 : 40 ».",
    )

    class Meta:
        model = Indicator
        fields = [
            "label",
            "kind",
            "level",
            "aggregation",
            "unit",
            "comment_asked",
            "names_shown_to_partners",
            "computed_source",
            "order",
        ]
        widgets = {"label": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, schema, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(str(o) for o in self.instance.options or [])
            self.fields["targets_text"].initial = "\n".join(
                f"{t.year} : {number_format(t.value, 2 if t.value % 1 else 0)}" for t in self.instance.targets.all()
            )

    def clean_options_text(self):
        return [line.strip() for line in self.cleaned_data["options_text"].splitlines() if line.strip()]

    def clean_targets_text(self):
        targets = {}
        for number, line in enumerate(self.cleaned_data["targets_text"].splitlines(), start=1):
            if not line.strip():
                continue
            match = re.fullmatch(r"\s*(\d{4})\s*:\s*([\d\s\u00a0,.]+)\s*", line)
            if not match:
                raise ValidationError(f"Ligne {number} : écrivez « année : cible », par exemple « 2025 : 40 ».")
            year = int(match.group(1))
            if not self.schema.first_year <= year <= self.schema.last_year:
                raise ValidationError(
                    f"Ligne {number} : l'année {year} est hors de la période du schéma "
                    f"({self.schema.first_year}-{self.schema.last_year})."
                )
            try:
                targets[year] = Decimal(re.sub(r"[\s\u00a0]", "", match.group(2)).replace(",", "."))
            except InvalidOperation:
                raise ValidationError(f"Ligne {number} : la cible doit être un nombre.") from None
        return targets

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == IndicatorKind.CHOICE and not cleaned.get("options_text"):
            self.add_error("options_text", "Un indicateur à choix demande au moins une réponse proposée.")
        return cleaned


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["schema", "year", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        schema, year = cleaned.get("schema"), cleaned.get("year")
        if schema and year and not schema.first_year <= year <= schema.last_year:
            self.add_error("year", f"L'année doit être dans la période du schéma ({schema.first_year}-{schema.last_year}).")
        return cleaned


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Motif",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "Indiquez le motif : il est gardé dans le journal de la campagne."},
            **kwargs,
        )


class ReopenStructuresForm(forms.Form):
    """Reopen a closed campaign for one or several structures, until a date, for a reason."""

    structures = forms.ModelMultipleChoiceField(
        label="Structures",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Cochez au moins une structure.",
            "invalid_choice": "Une structure choisie ne relève pas de ce schéma.",
        },
    )
    until = forms.DateField(
        label="Saisie ouverte jusqu'au",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez jusqu'à quand la saisie est rouverte.", "invalid": "Saisissez une date."},
    )
    reason = ReasonField()

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = french_order(campaign.structures().select_related("commune"), "name")


class ExtendCampaignForm(forms.Form):
    closes_on = forms.DateField(
        label="Nouvelle date de clôture",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la nouvelle date de clôture.", "invalid": "Saisissez une date."},
    )
    reason = ReasonField()


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV ou XLSX", help_text="Le format de l'export : une ligne par structure et indicateur."
    )
    valid_only = forms.BooleanField(
        label="Enregistrer les lignes valides et me rendre les lignes refusées (sinon, une seule ligne fautive "
        "et rien n'est enregistré)",
        required=False,
    )

    def clean_file(self):
        return validate_import_file(self.cleaned_data["file"])
