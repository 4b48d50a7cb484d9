from django.db import models


class SchemaStatus(models.TextChoices):
    PREPARATION = "preparation", "En préparation"
    EN_COURS = "en_cours", "En cours"
    CLOS = "clos", "Clos"


class ActionStatus(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    REPORTEE = "reportee", "Reportée"
    ABANDONNEE = "abandonnee", "Abandonnée"


# Statuses that close an action: such an action is never "en retard".
CLOSED_STATUSES = (ActionStatus.REALISEE, ActionStatus.ABANDONNEE)


class FicheRole(models.TextChoices):
    PILOT = "pilot", "Pilote"
    PARTNER = "partner", "Partenaire"
    FUNDER = "funder", "Financeur"
