from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada
from servicio.access import CERTIFICADOS, SOLICITUD_CHEQUERA

ENTRADAS = [
    Entrada("servicio", _("Certificados"), _("Certificados y Referencias"), "servicio:certificados",
            orden=100, opcion=CERTIFICADOS),
    # The administrator administers: asking for checkbooks is an operating user's task.
    Entrada("servicio", _("Otros Servicios"), _("Solicitud de Chequera"), "servicio:chequeras", orden=110,
            opcion=SOLICITUD_CHEQUERA, sin_administrador=True),
]
