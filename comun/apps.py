from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ComunConfig(AppConfig):
    """The toolbox every app stands on; it imports no app of ours."""

    name = "comun"
    verbose_name = _("Correo saliente")

    def ready(self) -> None:
        from comun.texto import registrar_en_sqlite

        # SQLite (development) learns occired_unaccent on each connection; PostgreSQL has it from a migration.
        connection_created.connect(registrar_en_sqlite, dispatch_uid="comun.texto.sqlite")
