from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Seguridad"), _("Administración de IP's"), "seguridad:ips",
            solo_administrador=True, orden=220),
    Entrada("administracion", _("Seguridad"), _("Parámetros Generales y de Seguridad"), "seguridad:parametros",
            solo_administrador=True, orden=240),
]
