from django.db import models


class StructureKind(models.TextChoices):
    CENTRE_SOCIAL = "centre_social", "Centre social"
    EVS = "evs", "Espace de vie sociale"


class Gestion(models.TextChoices):
    ASSOCIATIVE = "associative", "Associative"
    MUNICIPALE = "municipale", "Municipale / CCAS"
    CAF = "caf", "Caf"
    AUTRE = "autre", "Autre"
    NON_RENSEIGNEE = "non_renseignee", "Non renseignée"


class OrganisationKind(models.TextChoices):
    CAF = "caf", "Caf"
    METROPOLE = "metropole", "Métropole"
    DEPARTEMENT = "departement", "Conseil départemental"
    COMMUNE = "commune", "Commune / CCAS"
    EPCI = "epci", "Intercommunalité"
    MSA = "msa", "MSA"
    CARSAT = "carsat", "Carsat"
    ETAT = "etat", "État"
    FEDERATION = "federation", "Fédération des centres sociaux"
    RESEAU = "reseau", "Réseau"
    ASSOCIATION = "association", "Association"
    AUTRE = "autre", "Autre"


class AgrementKind(models.TextChoices):
    AGC = "agc", "Animation globale et coordination (AGC)"
    ACF = "acf", "Animation collective familles (ACF)"
    ANIMATION_LOCALE = "animation_locale", "Animation locale (EVS)"


class AgrementStatus(models.TextChoices):
    INSTRUCTION = "instruction", "En instruction"
    ACCORDE = "accorde", "Accordé"
    REFUSE = "refuse", "Refusé"
    EXPIRE = "expire", "Expiré"


class FundingNature(models.TextChoices):
    PS_AGC = "ps_agc", "Prestation de service AGC"
    PS_ACF = "ps_acf", "Prestation de service ACF"
    PS_ANIMATION_LOCALE = "ps_animation_locale", "Prestation de service animation locale"
    SUBVENTION = "subvention", "Subvention de fonctionnement"
    POLITIQUE_VILLE = "politique_ville", "Politique de la ville"
    AUTRE = "autre", "Autre"


class ConventionKind(models.TextChoices):
    TRIPARTITE = "tripartite", "Convention tripartite Caf-commune-structure"
    CTG = "ctg", "Convention territoriale globale (CTG)"
    CADRE = "cadre", "Convention cadre"
    COF = "cof", "Convention d'objectifs et de financement"
    AUTRE = "autre", "Autre convention"
