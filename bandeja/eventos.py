from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of the inbox: the bank's messages and the user's alert choices."""

    MENSAJE_CREADO = "MENSAJE_CREADO", _("Mensaje del banco publicado")
    MENSAJE_MODIFICADO = "MENSAJE_MODIFICADO", _("Mensaje del banco modificado")
    ALERTAS_INSCRITAS = "ALERTAS_INSCRITAS", _("Inscripción de Alertas")
