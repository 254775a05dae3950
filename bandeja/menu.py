from django.utils.translation import gettext_lazy as _

from comun.menu import Entrada

ENTRADAS = [
    Entrada("servicio", _("Servicio al Cliente"), _("Mensajes"), "bandeja:mensajes", orden=100, opcion="mensajes"),
    Entrada("servicio", _("Servicio al Cliente"), _("Notificaciones"), "bandeja:notificaciones", orden=110),
    Entrada("servicio", _("Servicio al Cliente"), _("Inscripción de Alertas"), "bandeja:alertas", orden=120),
]
