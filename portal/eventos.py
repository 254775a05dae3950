from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of the login and the session."""

    INGRESO = "INGRESO", _("Ingreso exitoso")
    INGRESO_FALLIDO = "INGRESO_FALLIDO", _("Ingreso fallido")
    SALIDA = "SALIDA", _("Salida Segura")
    SESION_EXPIRADA = "SESION_EXPIRADA", _("Sesión expirada por inactividad")
    SESION_REEMPLAZADA = "SESION_REEMPLAZADA", _("Sesión terminada por un nuevo ingreso")
    OLVIDO_CLAVE_SOLICITADO = "OLVIDO_CLAVE_SOLICITADO", _("¿Olvidó su clave?: enlace enviado")
    OLVIDO_CLAVE_FALLIDO = "OLVIDO_CLAVE_FALLIDO", _("¿Olvidó su clave?: solicitud rechazada")
