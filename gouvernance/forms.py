"""Forms of the governance: instances, meetings, decisions and their follow-up, météo."""

from django import forms
from django.utils import timezone

from comptes.rules import caf_and_partners, is_partenaire
from core.concurrency import VersionedFormMixin
from core.search import french_order
from fiches.models import Action, Fiche
from structures.models import Organisation

from .enums import DecisionStatus, Weather
from .models import Decision, Instance, Meeting

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstanceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Instance
        fields = ["kind", "name", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, schema, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.schema = schema
        self.fields["members"].queryset = french_order(Organisation.objects.all(), "name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Instance.objects.filter(schema=self.instance.schema, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Ce schéma a déjà une instance de ce nom.")
        return name


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "agenda", "minutes", "attendees"]
        widgets = {
            "date": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, instance_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = instance_of
        # Attendance is taken among the instance's members.
        self.fields["attendees"].queryset = french_order(instance_of.members.all(), "name")

    def clean_date(self):
        date = self.cleaned_data["date"]
        schema = self.instance.body.schema
        if not schema.first_year - 1 <= date.year <= schema.last_year + 1:
            raise forms.ValidationError(
                f"La date doit être proche de la période du schéma ({schema.first_year} à {schema.last_year})."
            )
        return date


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "fiches", "actions", "carrier", "carrier_person", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE_WIDGET,
            "fiches": forms.SelectMultiple(attrs={"size": 6}),
            "actions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        schema = meeting.body.schema
        self.fields["fiches"].queryset = Fiche.objects.filter(schema=schema).order_by("code")
        self.fields["actions"].queryset = (
            Action.objects.filter(fiche__schema=schema).select_related("fiche").order_by("fiche__code", "number")
        )
        self.fields["carrier"].queryset = french_order(Organisation.objects.all(), "name")
        self.fields["carrier_person"].queryset = caf_and_partners().order_by("last_name", "email")

    def clean(self):
        cleaned = super().clean()
        carrier, person = cleaned.get("carrier"), cleaned.get("carrier_person")
        if carrier and person and is_partenaire(person) and person.organisation_id != carrier.pk:
            self.add_error("carrier_person", f"{person} ne fait pas partie de l'organisation « {carrier} ».")
        return cleaned


class DecisionUpdateForm(VersionedFormMixin, forms.Form):
    """A follow-up of one decision. ``version`` is the decision's version the person read."""

    status = forms.ChoiceField(label="Statut", choices=DecisionStatus.choices)
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    comment = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, decision, **kwargs):
        self.instance = decision
        kwargs.setdefault("initial", {"status": decision.status, "date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("La date d'un suivi ne peut pas être dans le futur.")
        meeting_date = self.instance.meeting.date
        if date < meeting_date:
            raise forms.ValidationError(
                f"La date d'un suivi ne peut pas précéder la réunion qui a pris la décision ({meeting_date:%d/%m/%Y})."
            )
        return date


class WeatherForm(forms.Form):
    year = forms.TypedChoiceField(label="Année", coerce=int)
    weather = forms.ChoiceField(
        label="Météo", choices=Weather.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )
    comment = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, fiche, **kwargs):
        super().__init__(*args, **kwargs)
        schema = fiche.schema
        self.fields["year"].choices = [(year, str(year)) for year in schema.years]
        this_year = timezone.localdate().year
        self.fields["year"].initial = min(max(this_year, schema.first_year), schema.last_year)
