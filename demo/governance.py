"""The demo's governance: the comité de pilotage of the schéma, two of its meetings, the decisions taken
there and their follow-up, and the météo of each fiche, written through the gouvernance forms and services."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from core.concurrency import save_versioned_form
from fiches.models import Action, Fiche
from gouvernance.enums import DecisionStatus, InstanceKind, Weather
from gouvernance.forms import DecisionForm, InstanceForm, MeetingForm
from gouvernance.services import record_decision_update, record_weather

from .content import CAF_NAME, CARSAT_NAME, DEPARTEMENT_NAME, ETAT_NAME, FEDERATION_NAME, METROPOLE_NAME, MSA_NAME

PARIS = ZoneInfo("Europe/Paris")
COPIL_NAME = "Comité de pilotage du schéma AVS du Rhône"
COPIL_MEMBERS = (CAF_NAME, METROPOLE_NAME, DEPARTEMENT_NAME, FEDERATION_NAME, ETAT_NAME, MSA_NAME, CARSAT_NAME)


@dataclass(frozen=True)
class DemoMeeting:
    date: datetime.date
    place: str
    agenda: str
    minutes: str
    absent: tuple = ()


@dataclass(frozen=True)
class DemoDecision:
    meeting: int  # index in MEETINGS
    text: str
    carrier: str
    due_date: datetime.date
    actions: tuple = ()  # (fiche code, action number)
    fiches: tuple = ()
    # (date, status, comment), oldest first: the latest is the decision's status.
    follow_up: tuple = ()


MEETINGS = (
    DemoMeeting(
        date=datetime.date(2025, 12, 9),
        place="Caf du Rhône, 67 boulevard Vivier-Merle, Lyon 3e",
        agenda="Bilan 2024 du schéma ; campagne de collecte 2025 ; couverture territoriale ; feuille de route 2026.",
        minutes=(
            "Le comité prend acte du bilan 2024 : 38 structures sur 40 ont répondu à la campagne. La couverture des "
            "communes rurales de l'ouest du département reste le point faible du schéma. Les partenaires valident la "
            "feuille de route 2026 et le calendrier de la campagne 2025."
        ),
        absent=(CARSAT_NAME,),
    ),
    DemoMeeting(
        date=datetime.date(2026, 6, 16),
        place="Hôtel de la Métropole, 20 rue du Lac, Lyon 3e",
        agenda="Point d'étape de la campagne 2025 ; renouvellements d'agréments ; préparation du prochain schéma.",
        minutes=(
            "Point d'étape à mi-année : la campagne 2025 avance, quatre agréments arrivent à échéance dans l'année. "
            "Le comité lance la préparation de l'évaluation finale du schéma et du schéma suivant."
        ),
        absent=(MSA_NAME,),
    ),
)

DECISIONS = (
    DemoDecision(
        meeting=0,
        text="Partager la carte de la couverture territoriale avec les communes non couvertes avant l'été 2026.",
        carrier=CAF_NAME,
        due_date=datetime.date(2026, 6, 30),
        actions=(("PA 1.1.1", 1),),
        follow_up=(
            (datetime.date(2026, 2, 10), DecisionStatus.EN_COURS, "Carte mise à jour avec les données 2025."),
            (datetime.date(2026, 6, 16), DecisionStatus.REALISEE, "Carte présentée aux communes en comité de pilotage."),
        ),
    ),
    DemoDecision(
        meeting=0,
        text="Harmoniser le calendrier des dialogues de gestion entre la Caf, la Métropole et le Département.",
        carrier=METROPOLE_NAME,
        due_date=datetime.date(2026, 9, 30),
        actions=(("PA 1.1.2", 2),),
        follow_up=((datetime.date(2026, 3, 5), DecisionStatus.EN_COURS, "Premier calendrier commun proposé aux financeurs."),),
    ),
    DemoDecision(
        meeting=0,
        text="Organiser une journée départementale d'échange sur les expérimentations du bien vivre ensemble.",
        carrier=FEDERATION_NAME,
        due_date=datetime.date(2026, 11, 30),
        actions=(("PA 2.1.2", 1), ("PA 2.1.2", 2)),
    ),
    DemoDecision(
        meeting=1,
        text="Accompagner les quatre structures dont l'agrément prend fin dans l'année dans leur nouveau projet social.",
        carrier=CAF_NAME,
        due_date=datetime.date(2026, 12, 31),
        fiches=("PA 3.1.1",),
        actions=(("PA 3.1.1", 1),),
        follow_up=((datetime.date(2026, 9, 22), DecisionStatus.EN_COURS, "Trois diagnostics partagés engagés sur quatre."),),
    ),
    DemoDecision(
        meeting=1,
        text="Lancer l'évaluation finale du schéma 2022-2026 avec un prestataire choisi par les partenaires.",
        carrier=DEPARTEMENT_NAME,
        due_date=datetime.date(2027, 3, 31),
        fiches=("PA 1.1.2",),
    ),
)

# (fiche code, year, météo, comment, date): the latest of a fiche's year is its current météo.
WEATHERS = (
    ("PA 1.1.1", 2025, Weather.A_SURVEILLER, "Peu de porteurs de projet dans l'ouest rural.", datetime.date(2025, 12, 1)),
    ("PA 1.1.1", 2026, Weather.SECURISEE, "Deux projets d'EVS accompagnés en 2026.", datetime.date(2026, 10, 14)),
    ("PA 1.1.2", 2026, Weather.A_SURVEILLER, "Calendrier commun des financeurs pas encore arrêté.", datetime.date(2026, 10, 14)),
    ("PA 2.1.2", 2026, Weather.SECURISEE, "Expérimentations en cours dans douze structures.", datetime.date(2026, 10, 20)),
    ("PA 2.2.1", 2026, Weather.SECURISEE, "Actions réalisées ou bien engagées.", datetime.date(2026, 10, 20)),
    ("PA 3.1.1", 2026, Weather.COMPROMISE, "Formations au diagnostic reportées faute de formateurs.", datetime.date(2026, 11, 3)),
)


def _saved(form):
    """Save a governance form as its page would, refusing demo content the form rejects."""
    if not form.is_valid():
        raise ValidationError(f"Données de démonstration refusées par le formulaire : {form.errors.as_text()}")
    return save_versioned_form(form)


def _recorded_on(row, day):
    """Date the recording of a history row back to its day, as if it had been entered then."""
    row.created_at = datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=PARIS)
    type(row).objects.filter(pk=row.pk).update(created_at=row.created_at)


def create_governance(schema, organisations, conseiller):
    """The comité de pilotage and its meetings, decisions and follow-up; the fiches' météo. Returns the counts."""
    members = [organisations[name] for name in COPIL_MEMBERS]
    copil = _saved(
        InstanceForm({"kind": InstanceKind.COPIL, "name": COPIL_NAME, "members": [o.pk for o in members]}, schema=schema)
    )
    meetings = []
    for item in MEETINGS:
        attendees = [o.pk for o in members if o.name not in item.absent]
        data = {"date": item.date, "place": item.place, "agenda": item.agenda, "minutes": item.minutes, "attendees": attendees}
        meetings.append(_saved(MeetingForm(data, instance_of=copil)))

    fiches = {f.code: f for f in Fiche.objects.filter(schema=schema)}
    actions = {(a.fiche.code, a.number): a for a in Action.objects.filter(fiche__schema=schema).select_related("fiche")}
    decisions, follow_ups = [], []
    for item in DECISIONS:
        data = {
            "text": item.text,
            "fiches": [fiches[code].pk for code in item.fiches],
            "actions": [actions[key].pk for key in item.actions],
            "carrier": organisations[item.carrier].pk,
            "carrier_person": conseiller.pk if item.carrier == CAF_NAME else None,
            "due_date": item.due_date,
        }
        decision = _saved(DecisionForm(data, meeting=meetings[item.meeting]))
        _recorded_on(decision, meetings[item.meeting].date)
        for day, status, comment in item.follow_up:
            update = record_decision_update(decision=decision, author=conseiller, status=status, comment=comment, date=day)
            _recorded_on(update, day)
            follow_ups.append(update)
        decisions.append(decision)

    weathers = []
    for code, year, weather, comment, day in WEATHERS:
        row = record_weather(fiche=fiches[code], year=year, weather=weather, comment=comment, author=conseiller, date=day)
        _recorded_on(row, day)
        weathers.append(row)
    return {
        "instances": 1,
        "réunions": len(meetings),
        "décisions": len(decisions),
        "suivis de décision": len(follow_ups),
        "météos de fiche": len(weathers),
    }
