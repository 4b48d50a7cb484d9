from django.apps import AppConfig


class RapportsConfig(AppConfig):
    verbose_name = "Tableaux de bord et rapports"
    name = "rapports"
