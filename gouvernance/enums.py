from django.db import models


class InstanceKind(models.TextChoices):
    COPIL = "copil", "Comité de pilotage"
    COTECH = "cotech", "Comité technique"
    FINANCEURS = "financeurs", "Comité des financeurs"
    DIALOGUE = "dialogue", "Dialogue de gestion"
    AUTRE = "autre", "Autre instance"


class DecisionStatus(models.TextChoices):
    A_ENGAGER = "a_engager", "À engager"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


# A decision in one of these statuses is never "en retard" (an abandoned decision has no échéance left to miss).
CLOSED_DECISION_STATUSES = (DecisionStatus.REALISEE, DecisionStatus.ABANDONNEE)


class Weather(models.TextChoices):
    SECURISEE = "securisee", "Sécurisée"
    A_SURVEILLER = "a_surveiller", "À surveiller"
    COMPROMISE = "compromise", "Compromise"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Un mois avant l'échéance"
    LATE = "late", "Échéance dépassée"
