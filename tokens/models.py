"""Token inventory: virtual tokens (a serial linked to a django-otp TOTP device),
the company's token quota, and physical tokens.

Every state change lives in `tokens/actions.py`; these classes only describe the data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenVirtualQuerySet(models.QuerySet):
    def en_uso(self) -> TokenVirtualQuerySet:
        """Tokens with a user (any state but Disponible): what the quota counts and the screens list."""
        return self.exclude(estado=TokenVirtual.Estado.DISPONIBLE)


class TokenVirtual(models.Model):
    class Estado(models.TextChoices):
        DISPONIBLE = "DISPONIBLE", _("Disponible")
        ASIGNADO = "ASIGNADO", _("Asignado")
        PENDIENTE_ACTIVACION = "PENDIENTE_ACTIVACION", _("Pendiente Activación")
        ACTIVO = "ACTIVO", _("Activo")
        INACTIVO = "INACTIVO", _("Inactivo")

    # The states of a token in use (with a user), in lifecycle order: the filter's choices.
    ESTADOS_EN_USO = (Estado.ASIGNADO, Estado.PENDIENTE_ACTIVACION, Estado.ACTIVO, Estado.INACTIVO)

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
    # While the token is Asignado and a secret was shown, the secret must be proven before this.
    enrolamiento_expira = models.DateTimeField(_("Enrolamiento vence"), null=True, blank=True)
    actualizado = models.DateTimeField(_("Última Actualización"), auto_now=True)

    objects = TokenVirtualQuerySet.as_manager()

    class Meta:
        verbose_name = _("Token virtual")
        verbose_name_plural = _("Tokens virtuales")
        ordering = ["serial"]
        indexes = [models.Index(fields=["empresa", "estado"], name="token_empresa_estado")]
        constraints = [
            # At most one token in use per user.
            models.UniqueConstraint(
                fields=["usuario"],
                condition=~models.Q(estado="DISPONIBLE"),
                name="token_un_token_en_uso_por_usuario",
            ),
            # A serial in the pool belongs to nobody; one in use always has its user.
            models.CheckConstraint(
                condition=models.Q(estado="DISPONIBLE", usuario__isnull=True)
                | (~models.Q(estado="DISPONIBLE") & models.Q(usuario__isnull=False)),
                name="token_usuario_segun_estado",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def en_uso(self) -> bool:
        return self.estado != self.Estado.DISPONIBLE


class CupoTokens(models.Model):
    """How many virtual tokens the bank allows the company to have in use at once."""

    empresa = models.OneToOneField(
        "admin_usuarios.Empresa", on_delete=models.CASCADE, related_name="cupo_tokens", verbose_name=_("Empresa")
    )
    cantidad = models.PositiveIntegerField(_("Cantidad Tokens Virtuales Empresa"), default=0)
    actualizado = models.DateTimeField(_("Última Actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Cupo de tokens")
        verbose_name_plural = _("Cupos de tokens")

    def __str__(self) -> str:
        return f"{self.empresa}: {self.cantidad}"


class TokenFisico(models.Model):
    """A hardware TOTP token delivered by the bank before the virtual one existed."""

    class Estado(models.TextChoices):
        ACTIVO = "ACTIVO", _("Activo")
        INHABILITADO = "INHABILITADO", _("Inhabilitado")

    empresa = models.ForeignKey(
        "admin_usuarios.Empresa", on_delete=models.PROTECT, related_name="tokens_fisicos", verbose_name=_("Empresa")
    )
    serial = models.CharField(_("Número de Serie"), max_length=20, unique=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tokens_fisicos", verbose_name=_("Usuario")
    )
    estado = models.CharField(_("Estado"), max_length=14, choices=Estado.choices, default=Estado.ACTIVO)
    dispositivo = models.OneToOneField(
        TOTPDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="token_fisico"
    )
    actualizado = models.DateTimeField(_("Última Actualización"), auto_now=True)

    class Meta:
        verbose_name = _("Token físico")
        verbose_name_plural = _("Tokens físicos")
        ordering = ["serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["usuario"], condition=models.Q(estado="ACTIVO"), name="token_fisico_uno_activo_por_usuario"
            )
        ]

    def __str__(self) -> str:
        return self.serial
