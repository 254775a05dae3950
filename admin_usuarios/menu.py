from django.utils.translation import gettext_lazy as _

from portal.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Usuarios"), _("Configuración de Usuarios"), "admin_usuarios:consultar",
            solo_administrador=True, orden=20),
]

from admin_usuarios.menu_seguridad import ENTRADAS as _SEGURIDAD  # noqa: E402

# Perfiles, Activación/Inactivación and Seguridad declare theirs in menu_seguridad.py.
ENTRADAS += _SEGURIDAD
