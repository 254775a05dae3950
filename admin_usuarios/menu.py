from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Usuarios"), _("Perfiles"), "seguridad:perfiles", solo_administrador=True, orden=10),
    Entrada("administracion", _("Usuarios"), _("Configuración de Usuarios"), "admin_usuarios:consultar",
            solo_administrador=True, orden=20),
    Entrada("administracion", _("Usuarios"), _("Activación/Inactivación"), "seguridad:activacion",
            solo_administrador=True, orden=60),
]
