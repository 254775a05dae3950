"""Virtual tokens: a serial from the bank's inventory, linked to a django-otp TOTP device.

Only the states the login needs are used so far; the whole lifecycle lives in
`tokens/actions.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenVirtual(models.Model):
    class Estado(models.TextChoices):
        DISPONIBLE = "DISPONIBLE", _("Disponible")
        ASIGNADO = "ASIGNADO", _("Asignado")
        PENDIENTE_ACTIVACION = "PENDIENTE_ACTIVACION", _("Pendiente Activación")
        ACTIVO = "ACTIVO", _("Activo")
        INACTIVO = "INACTIVO", _("Inactivo")

    empresa = models.ForeignKey(
        "admin_usuarios.Empresa", on_delete=models.PROTECT, related_name="tokens", null=True, blank=True
    )
    serial = models.CharField(_("Número de Serie"), max_length=20, unique=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="tokens"
    )
    estado = models.CharField(_("Estado"), max_length=24, choices=Estado.choices, default=Estado.DISPONIBLE)
    dispositivo = models.OneToOneField(
        TOTPDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="token_virtual"
    )
    actualizado = models.DateTimeField(_("Última Actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Token virtual")
        verbose_name_plural = _("Tokens virtuales")
        ordering = ["serial"]
        constraints = [
            # At most one token in use per user.
            models.UniqueConstraint(
                fields=["usuario"],
                condition=~models.Q(estado="DISPONIBLE"),
                name="token_un_token_en_uso_por_usuario",
            )
        ]

    def __str__(self) -> str:
        return self.serial
