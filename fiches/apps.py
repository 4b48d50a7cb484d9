from django.apps import AppConfig


class FichesConfig(AppConfig):
    verbose_name = "Schémas et fiches-actions"
    name = "fiches"
