from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("administracion", _("Seguridad"), _("Consulta de Auditoría"), "auditoria:consulta",
            solo_administrador=True, orden=250),
]
