"""Menu entries of the Activación/Inactivación, Perfiles and Seguridad screens (seed 000 order).

Included by admin_usuarios/menu.py (portal.menu loads `<app>.menu` only).
"""

from django.utils.translation import gettext_lazy as _

from portal.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Usuarios"), _("Perfiles"), "seguridad:perfiles", solo_administrador=True, orden=10),
    Entrada("administracion", _("Usuarios"), _("Activación/Inactivación"), "seguridad:activacion",
            solo_administrador=True, orden=60),
    Entrada("administracion", _("Seguridad"), _("Administración de IP's"), "seguridad:ips",
            solo_administrador=True, orden=220),
    Entrada("administracion", _("Seguridad"), _("Parámetros Generales y de Seguridad"), "seguridad:parametros",
            solo_administrador=True, orden=240),
]
