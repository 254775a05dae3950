from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from admin_usuarios.models import Empresa, Producto, Usuario

MAX_CHEQUERAS = 5


class SolicitudChequera(models.Model):
    """Solicitud de Chequera: checkbooks of a current account, picked up at an office."""

    class Estado(models.TextChoices):
        SOLICITADA = "SOLICITADA", _("Solicitada")

    class Oficina(models.TextChoices):
        CALI_PRINCIPAL = "CALI", _("Cali - Oficina Principal")
        BOGOTA_CHICO = "BOG", _("Bogotá - El Chicó")
        MEDELLIN_POBLADO = "MED", _("Medellín - El Poblado")
        BARRANQUILLA_NORTE = "BAQ", _("Barranquilla - Norte")

    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="solicitudes_chequera",
                                verbose_name=_("Empresa"))
    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="solicitudes_chequera",
                                 verbose_name=_("Cuenta Corriente"))
    solicitante = models.ForeignKey(Usuario, on_delete=models.PROTECT, related_name="solicitudes_chequera",
                                    verbose_name=_("Solicitado por"))
    chequeras = models.PositiveSmallIntegerField(
        _("Número de chequeras"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CHEQUERAS)])
    oficina = models.CharField(_("Oficina de entrega"), max_length=4, choices=Oficina.choices)
    estado = models.CharField(_("Estado"), max_length=12, choices=Estado.choices, default=Estado.SOLICITADA)
    creada = models.DateTimeField(_("Fecha de solicitud"), auto_now_add=True)

    class Meta:
        verbose_name = _("Solicitud de chequera")
        verbose_name_plural = _("Solicitudes de chequera")
        ordering = ["-creada", "-pk"]
        indexes = [models.Index(fields=["empresa", "-creada"], name="chequera_empresa_creada")]
        constraints = [
            models.CheckConstraint(condition=models.Q(chequeras__gte=1, chequeras__lte=MAX_CHEQUERAS),
                                   name="chequera_numero_valido"),
        ]

    def __str__(self) -> str:
        return f"{self.producto} · {self.chequeras}"
