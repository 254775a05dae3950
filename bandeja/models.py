"""The user's inbox: messages from the bank, notifications of events, and alert preferences.

This app sits below admin_usuarios in the layers (so every action can notify):
users and companies are referenced by string, never imported.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MensajeQuerySet(models.QuerySet):
    def vigentes_para(self, empresa_id: int | None, ahora) -> MensajeQuerySet:
        """Messages in force now for a company: its own and those for every company."""
        return self.filter(
            models.Q(empresa__isnull=True) | models.Q(empresa_id=empresa_id),
            vigente_desde__lte=ahora,
        ).filter(models.Q(vigente_hasta__isnull=True) | models.Q(vigente_hasta__gte=ahora))


class Mensaje(models.Model):
    """A message from the bank (written by staff in /banco/) to one company or to all."""

    empresa = models.ForeignKey(
        "admin_usuarios.Empresa", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Empresa"), help_text=_("Vacío: todas las empresas."),
    )
    titulo = models.CharField(_("Título"), max_length=120)
    cuerpo = models.TextField(_("Mensaje"), max_length=4000)
    vigente_desde = models.DateTimeField(_("Vigente desde"))
    vigente_hasta = models.DateTimeField(_("Vigente hasta"), null=True, blank=True)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("Creado por"),
    )
    creado = models.DateTimeField(_("Creado"), auto_now_add=True)

    objects = MensajeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mensaje del banco")
        verbose_name_plural = _("Mensajes del banco")
        ordering = ["-vigente_desde", "-id"]
        indexes = [models.Index(fields=["empresa", "-vigente_desde"], name="mensaje_empresa_vigencia")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vigente_hasta__isnull=True) | models.Q(vigente_hasta__gt=models.F("vigente_desde")),
                name="mensaje_vigencia_ordenada",
            ),
        ]

    def __str__(self) -> str:
        return self.titulo


class MensajeLeido(models.Model):
    """Read/unread is per user: another user of the same company still sees it unread."""

    mensaje = models.ForeignKey(Mensaje, on_delete=models.CASCADE, related_name="lecturas")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    leido = models.DateTimeField(_("Leído"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usuario", "mensaje"], name="mensaje_leido_unico")]

    def __str__(self) -> str:
        return f"{self.mensaje_id} ← {self.usuario_id}"


class Notificacion(models.Model):
    """An event for one user. The text is rendered from `evento` + `datos` when it is read,
    so it follows the reader's language; kept 180 days (bandeja.purgar_notificaciones)."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    evento = models.CharField(_("Evento"), max_length=40)
    datos = models.JSONField(_("Datos"), default=dict, blank=True)
    enlace = models.CharField(_("Enlace"), max_length=200, blank=True)
    creada = models.DateTimeField(_("Fecha"), auto_now_add=True)
    leida = models.DateTimeField(_("Leída"), null=True, blank=True)

    class Meta:
        verbose_name = _("Notificación")
        verbose_name_plural = _("Notificaciones")
        ordering = ["-creada", "-id"]
        indexes = [
            models.Index(fields=["usuario", "-creada"], name="notificacion_usuario_fecha"),
            # The home counter: unread ones of a user, a small partial index.
            models.Index(fields=["usuario"], condition=models.Q(leida__isnull=True), name="notificacion_no_leida"),
            models.Index(fields=["creada"], name="notificacion_creada"),
        ]

    def __str__(self) -> str:
        return f"{self.evento} → {self.usuario_id}"


class PreferenciaAlertas(models.Model):
    """Inscripción de Alertas: which events also go by email. Without a row the user gets
    the defaults (every group; see bandeja.catalogo.GRUPOS_POR_DEFECTO)."""

    usuario = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grupos = models.JSONField(_("Alertas por correo"), default=list, blank=True)
    monto_minimo = models.DecimalField(_("Monto mínimo"), max_digits=18, decimal_places=2, default=0)
    # The language of the user's last login or save here: emails are written in it.
    idioma = models.CharField(_("Idioma"), max_length=5, blank=True)
    actualizado = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Preferencia de alertas")
        verbose_name_plural = _("Preferencias de alertas")

    def __str__(self) -> str:
        return f"{self.usuario_id}: {', '.join(self.grupos)}"


class IpConocida(models.Model):
    """Addresses a user logged in from: a login from one not seen in 90 days is a security notice."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ip = models.GenericIPAddressField()
    visto = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usuario", "ip"], name="ip_conocida_unica")]

    def __str__(self) -> str:
        return f"{self.usuario_id} @ {self.ip}"
