from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Administración de Token"), _("Token Virtual"), "tokens:lista",
            solo_administrador=True, orden=300),
    Entrada("servicio", _("Token Virtual"), _("Enrolar Token Virtual"), "tokens:enrolar", orden=200),
]
