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


class FicheSection(models.TextChoices):
    """The text sections of a fiche as the source documents write them, in their order. The actions, the
    expected results and the indicators come between them in the documents: they are objects of their own."""

    DIAGNOSTIC = "diagnostic", "Diagnostic"
    PRINCIPLES = "principles", "Définitions et principes d'action"
    PUBLICS = "publics", "Publics et territoires"
    PILOTAGE = "pilotage", "Pilotage / coordination"
    PARTNERS = "partners_text", "Partenaires impliqués"
    RESOURCES = "resources", "Ressources et financements"
    SCHEDULE = "schedule", "Échéances (texte)"


class FicheRole(models.TextChoices):
    PILOT = "pilot", "Pilote"
    PARTNER = "partner", "Partenaire"
    FUNDER = "funder", "Financeur"


# The rule that ties an action's status to its percentage, stated once and enforced by the progress
# form, the import and the database: "Réalisée" is exactly 100 %, and 100 % is "Réalisée"; "À venir"
# is 0 %. "En cours", "Reportée" and "Abandonnée" keep the percentage reached so far (below 100 %).
STATUS_PROGRESS_RULE = "« Réalisée » correspond à 100 % et 100 % à « Réalisée » ; « À venir » correspond à 0 %."


def status_progress_conflict(status, progress):
    """The French reason why ``status`` and ``progress`` contradict each other, or None."""
    if status == ActionStatus.REALISEE and progress != 100:
        return f"une action « Réalisée » est à 100 %, pas à {progress} %"
    if status != ActionStatus.REALISEE and progress == 100:
        return f"une action à 100 % est « Réalisée », pas « {ActionStatus(status).label} »"
    if status == ActionStatus.A_VENIR and progress != 0:
        return f"une action « À venir » est à 0 %, pas à {progress} %"
    return None
