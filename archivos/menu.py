from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada
from transacciones import reglas

ENTRADAS = [
    Entrada("transacciones", _("Pagos"), _("Pagos por Archivo"), "archivos:cargar", orden=45,
            opcion=reglas.ARCHIVOS, sin_administrador=True),
]
