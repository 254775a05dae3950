from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of limits."""

    TOPES_USUARIO = "TOPES_USUARIO", _("Asignación de topes del usuario")
    TOPES_AJUSTADOS = "TOPES_AJUSTADOS", _("Topes ajustados al bajar un monto")
    MONTOS_EMPRESA = "MONTOS_EMPRESA", _("Modificación de montos de la empresa")
    TOPE_BANCO = "TOPE_BANCO", _("Modificación de tope del banco")
    SERVICIO = "SERVICIO", _("Catálogo de servicios modificado por el banco")
    RESERVA_LIBERADA = "RESERVA_LIBERADA", _("Reserva de topes liberada")
