from django.db import models
from django.utils.translation import gettext_lazy as _


class Eventos(models.TextChoices):
    """Audit events of payment files."""

    ARCHIVO_CARGADO = "ARCHIVO_CARGADO", _("Archivo de pagos cargado")
    ARCHIVO_ACEPTADO = "ARCHIVO_ACEPTADO", _("Archivo de pagos aceptado")
    ARCHIVO_BORRADO = "ARCHIVO_BORRADO", _("Archivo de pagos borrado (retención)")
