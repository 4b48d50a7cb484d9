from django.apps import AppConfig


class StructuresConfig(AppConfig):
    verbose_name = "Structures et partenaires"
    name = "structures"
