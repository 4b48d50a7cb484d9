from django.db import models


class IndicatorKind(models.TextChoices):
    INTEGER = "integer", "Nombre entier"
    DECIMAL = "decimal", "Nombre décimal"
    PERCENTAGE = "percentage", "Pourcentage (0-100)"
    AMOUNT = "amount", "Montant en euros"
    BOOLEAN = "boolean", "Oui / non"
    TEXT = "text", "Texte libre"
    CHOICE = "choice", "Choix dans une liste"


NUMERIC_KINDS = (IndicatorKind.INTEGER, IndicatorKind.DECIMAL, IndicatorKind.PERCENTAGE, IndicatorKind.AMOUNT)


class IndicatorLevel(models.TextChoices):
    STRUCTURE = "structure", "Par structure"
    SCHEMA = "schema", "Échelle du schéma"


class Aggregation(models.TextChoices):
    SUM = "sum", "Somme"
    MEAN = "mean", "Moyenne"
    COUNT_YES = "count_yes", "Nombre de « oui »"
    SHARE_YES = "share_yes", "Part de « oui »"
    SHARE_ANSWERED = "share_answered", "Part des structures ayant répondu"
    NONE = "none", "Aucune (réponses listées)"


class ComputedSource(models.TextChoices):
    TRIPARTITE_CONVENTIONS_SIGNED = "conventions_tripartites", "Conventions tripartites signées dans l'année"
    CTG_SIGNED = "conventions_ctg", "Conventions territoriales globales signées dans l'année"
    SENACS_SHARE = "senacs_share", "Part des structures ayant répondu à SENACS"
    CENTRES_SOCIAUX_COUNT = "centres_sociaux_count", "Nombre de centres sociaux"
    EVS_COUNT = "evs_count", "Nombre d'espaces de vie sociale"
    ACTIONS_DONE = "actions_done", "Nombre d'actions réalisées du schéma"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Close"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Transmise"
    VALIDATED = "validated", "Validée"
    RETURNED = "returned", "Renvoyée pour correction"


class Confirmation(models.TextChoices):
    """What the structure said of a value the application questioned (or did not have to type)."""

    NONE = "", "—"
    UNCHANGED = "unchanged", "Identique à l'année précédente, confirmée"
    OUTLIER = "outlier", "Écart confirmé par la structure"


class CampaignEventKind(models.TextChoices):
    REOPENED = "reopened", "Saisie rouverte"
    EXTENDED = "extended", "Clôture reportée"
    REMINDED = "reminded", "Relance envoyée"
