from django.apps import AppConfig


class GouvernanceConfig(AppConfig):
    verbose_name = "Gouvernance : instances, réunions, décisions, météo"
    name = "gouvernance"
