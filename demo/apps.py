from django.apps import AppConfig


class DemoConfig(AppConfig):
    verbose_name = "Données de démonstration et d'échelle nationale"
    name = "demo"
