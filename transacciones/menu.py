from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada
from transacciones import reglas

# The administrator administers and does not move money: capture and approval entries are hidden from them.
ENTRADAS = [
    Entrada("consultas", _("Consultas"), _("Histórico de Transacciones"), "transacciones:historico", orden=40,
            opcion=reglas.HISTORICO),
    Entrada("transacciones", _("Transferencias"), _("Internas"), "transacciones:internas", orden=10,
            opcion=reglas.TRANSFERENCIAS, sin_administrador=True),
    Entrada("transacciones", _("Transferencias"), _("Aval y otros Bancos"), "transacciones:otros_bancos", orden=20,
            opcion=reglas.TRANSFERENCIAS, sin_administrador=True),
    Entrada("transacciones", _("Pagos"), _("A Terceros"), "transacciones:terceros", orden=30,
            opcion=reglas.PAGOS_TERCEROS, sin_administrador=True),
    Entrada("transacciones", _("Pagos"), _("Impuestos"), "transacciones:impuestos", orden=40,
            opcion=reglas.PAGOS_IMPUESTOS, sin_administrador=True),
    Entrada("transacciones", _("Cuentas"), _("Inscripción de Cuentas"), "transacciones:beneficiarios", orden=50,
            opcion=reglas.INSCRIPCION, sin_administrador=True),
    Entrada("transacciones", _("Aprobaciones"), _("Aprobación de Operaciones"), "transacciones:aprobaciones",
            orden=60, opcion=reglas.APROBACIONES, sin_administrador=True),
]
