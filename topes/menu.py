from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Usuarios"), _("Consulta de Topes"), "topes:consulta",
            solo_administrador=True, orden=55),
    Entrada("administracion", _("Usuarios"), _("Consulta Montos Acumulados"), "topes:acumulados",
            solo_administrador=True, orden=60),
    Entrada("administracion", _("Seguridad"), _("Configuración de Montos por Servicio"), "topes:montos_empresa",
            solo_administrador=True, orden=110),
]
