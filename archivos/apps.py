from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivosConfig(AppConfig):
    name = "archivos"
    verbose_name = _("Pagos por Archivo")

    def ready(self) -> None:
        # The port of transacciones: a file operation's last approval hands its rows to us.
        from archivos.tasks import ejecutor
        from transacciones.ejecutores import registrar_ejecutor
        from transacciones.models import Operacion

        for tipo in (Operacion.Tipo.NOMINA, Operacion.Tipo.PROVEEDORES):
            registrar_ejecutor(tipo, ejecutor)
