from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    CONSEILLER = "conseiller", "Conseiller Caf"
    DIRECTEUR = "directeur", "Directeur de structure"
    PARTENAIRE = "partenaire", "Partenaire"
