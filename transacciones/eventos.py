from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of operations and beneficiaries."""

    OPERACION_CAPTURADA = "OPERACION_CAPTURADA", _("Operación capturada")
    OPERACION_APROBADA = "OPERACION_APROBADA", _("Aprobación de operación")
    OPERACION_RECHAZADA = "OPERACION_RECHAZADA", _("Operación rechazada")
    OPERACION_CANCELADA = "OPERACION_CANCELADA", _("Operación cancelada")
    OPERACION_VENCIDA = "OPERACION_VENCIDA", _("Operación vencida")
    OPERACION_EJECUTADA = "OPERACION_EJECUTADA", _("Operación ejecutada")
    OPERACION_FALLIDA = "OPERACION_FALLIDA", _("Operación fallida")
    OPERACION_EN_EJECUCION = "OPERACION_EN_EJECUCION", _("Operación en ejecución")
    OPERACION_PARCIAL = "OPERACION_PARCIAL", _("Operación ejecutada parcialmente")
    BENEFICIARIO_INSCRITO = "BENEFICIARIO_INSCRITO", _("Cuenta inscrita")
    BENEFICIARIO_ACTIVADO = "BENEFICIARIO_ACTIVADO", _("Cuenta inscrita activada")
    BENEFICIARIO_INACTIVADO = "BENEFICIARIO_INACTIVADO", _("Cuenta inscrita inactivada")
