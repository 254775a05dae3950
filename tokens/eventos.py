from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of tokens and of the token-code check."""

    STEPUP_FALLIDO = "STEPUP_FALLIDO", _("Confirmación con token fallida")
    ASIGNAR = "TOKEN_ASIGNADO", _("Asignación de token virtual")
    ENROLAMIENTO_INICIADO = "TOKEN_ENROLAMIENTO_INICIADO", _("Inicio de enrolamiento de token")
    ENROLAMIENTO_FALLIDO = "TOKEN_ENROLAMIENTO_FALLIDO", _("Código de enrolamiento no válido")
    ENROLAMIENTO_VENCIDO = "TOKEN_ENROLAMIENTO_VENCIDO", _("Enrolamiento de token vencido")
    ENROLADO = "TOKEN_ENROLADO", _("Token enrolado (Pendiente Activación)")
    ACTIVAR = "TOKEN_ACTIVADO", _("Activación de token virtual")
    INACTIVAR = "TOKEN_INACTIVADO", _("Inactivación de token virtual")
    REACTIVAR = "TOKEN_REACTIVADO", _("Reactivación de token virtual")
    LIBERAR = "TOKEN_LIBERADO", _("Liberación de token virtual")
    CUPO = "TOKEN_CUPO_CAMBIADO", _("Cambio de cupo de tokens")
    LOTE = "TOKEN_LOTE_CARGADO", _("Carga de lote de tokens")
    FISICO_CARGADO = "TOKEN_FISICO_CARGADO", _("Carga de token físico")
    FISICO_INHABILITADO = "TOKEN_FISICO_INHABILITADO", _("Token físico inhabilitado")
