from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    verbose_name = "Indicateurs et campagnes"
    name = "indicateurs"
