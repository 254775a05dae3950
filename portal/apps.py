from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from comun.admin_site import conectar_ingreso
        from portal.ingreso_banco import ingresar_funcionario

        # /banco/'s login follows the portal's rules (one message, slots, block, audit).
        conectar_ingreso(ingresar_funcionario)
        # Registers the outbox preparer that makes the ¿Olvidó su clave? link at send time.
        from portal import olvido  # noqa: F401
