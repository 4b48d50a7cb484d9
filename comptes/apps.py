from django.apps import AppConfig


class ComptesConfig(AppConfig):
    verbose_name = "Comptes et rôles"
    name = "comptes"
