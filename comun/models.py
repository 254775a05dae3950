"""The email outbox: a row written in the same transaction as the action that sends mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CorreoSaliente(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "PENDIENTE", _("Pendiente")
        ENVIADO = "ENVIADO", _("Enviado")
        FALLIDO = "FALLIDO", _("Fallido")

    creado = models.DateTimeField(_("Creado"), auto_now_add=True)
    plantilla = models.CharField(_("Plantilla"), max_length=60)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="correos", null=True, blank=True
    )
    para = models.EmailField(_("Para"))
    idioma = models.CharField(_("Idioma"), max_length=5, default="es")
    # Display data only: never a password, token code or secret (those are made at send time).
    contexto = models.JSONField(_("Contexto"), default=dict, blank=True)
    estado = models.CharField(_("Estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(_("Intentos"), default=0)
    proximo_intento = models.DateTimeField(_("Próximo intento"), null=True, blank=True)
    enviado = models.DateTimeField(_("Enviado"), null=True, blank=True)
    ultimo_error = models.CharField(_("Último error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Correo saliente")
        verbose_name_plural = _("Correos salientes")
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["estado", "proximo_intento"], name="correo_pendientes")]
        db_table = "portal_correosaliente"  # the table kept its name when the model moved from portal

    def __str__(self) -> str:
        return f"{self.plantilla} → {self.para} ({self.estado})"
