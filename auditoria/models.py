"""The append-only audit trail.

Rows are only ever inserted through `auditoria.actions.registrar`. Updates and
deletes are refused by the model, by the admin, and on PostgreSQL by a trigger
(migration 0002), so not even a bug elsewhere in the app can rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventoQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("El registro de auditoría no se puede modificar.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("El registro de auditoría no se puede borrar.")


class Evento(models.Model):
    creado = models.DateTimeField(_("Fecha"), auto_now_add=True, db_index=True)
    empresa = models.ForeignKey(
        "admin_usuarios.Empresa", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so that a failed login of an unknown username is recorded.
    actor_nombre = models.CharField(_("Actor"), max_length=60, blank=True)
    objetivo = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objetivo_descripcion = models.CharField(_("Objetivo"), max_length=120, blank=True)
    # An event name declared by the app that writes it (auditoria.eventos).
    accion = models.CharField(_("Acción"), max_length=40, db_index=True)
    detalles = models.JSONField(_("Detalles"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    user_agent = models.CharField(_("Navegador"), max_length=300, blank=True)

    objects = EventoQuerySet.as_manager()

    class Meta:
        verbose_name = _("Evento de auditoría")
        verbose_name_plural = _("Registro de auditoría")
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["empresa", "-creado"], name="evento_empresa_fecha")]

    def __str__(self) -> str:
        return f"{self.creado:%Y/%m/%d %H:%M} {self.accion} {self.actor_nombre}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("El registro de auditoría no se puede modificar.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("El registro de auditoría no se puede borrar.")
