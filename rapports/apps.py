from django.apps import AppConfig


class RapportsConfig(AppConfig):
    verbose_name = "Tableaux de bord et rapports"
    name = "rapports"

    def ready(self):
        # Registers the render task and the system check that the worker shares the servers' cache.
        from . import rendering  # noqa: F401
