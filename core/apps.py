from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .safe_input import install
        from .search import register_sqlite_unaccent

        install()
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="core.search.unaccent")
