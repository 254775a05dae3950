from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of the access rules: IP lists, parameters and schedules."""

    IP_AGREGADA = "IP_AGREGADA", _("IP permitida agregada")
    IP_ELIMINADA = "IP_ELIMINADA", _("IP permitida eliminada")
    PARAMETROS_MODIFICADOS = "PARAMETROS_MODIFICADOS", _("Modificación de parámetros generales y de seguridad")
    MODIFICAR_HORARIO = "MODIFICAR_HORARIO", _("Modificación de días y horarios")
