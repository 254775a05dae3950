from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of Servicio al Cliente: certificates and checkbook requests."""

    CERTIFICADO_EMITIDO = "CERTIFICADO_EMITIDO", _("Certificado bancario emitido")
    CHEQUERA_SOLICITADA = "CHEQUERA_SOLICITADA", _("Solicitud de chequera")
