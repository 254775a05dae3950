from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada
from cuentas.access import CONSULTA_MOVIMIENTOS, CONSULTA_SALDOS, EXTRACTOS

ENTRADAS = [
    Entrada("consultas", _("Consultas"), _("Saldos"), "cuentas:saldos", orden=10, opcion=CONSULTA_SALDOS),
    Entrada("consultas", _("Consultas"), _("Movimientos"), "cuentas:movimientos", orden=20,
            opcion=CONSULTA_MOVIMIENTOS),
    Entrada("consultas", _("Consultas"), _("Extractos"), "cuentas:extractos", orden=30, opcion=EXTRACTOS),
]
